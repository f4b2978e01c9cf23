package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** A stepped ramp's estimate, with known answers: 4 steps of 30 s to 400 msg/s, 10 s windows. */
class RampStepsTest {
    static final LatencyStats NONE = LatencyStats.EMPTY;
    /** A probe's verdict's limit, as summary.json judges the steps. */
    static final double LIMIT = Sustainability.Thresholds.DEFAULT.maxBacklogGrowth();

    /** Windows over the 120 s ramp and a 20 s tail: input at the step's rate, output {@code output(t, rate)} per second. */
    static List<Window> windows(DoubleBinaryOperator output, double latency) {
        List<Window> ws = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            double t = i * 10.0;
            double rate = t < 120 ? 100.0 * (1 + (int) (t / 30)) : 400;
            double mean = latency * rate / 100;
            long rows = Math.round(rate * 10);
            ws.add(new Window(
                    Math.round(t * 1e6),
                    t,
                    10,
                    rows,
                    Math.round(output.applyAsDouble(t, rate) * 10),
                    new LatencyStats(rows, mean, 0, mean, mean, mean, mean),
                    NONE,
                    NONE));
        }
        return ws;
    }

    @Test
    void theEstimateIsTheHighestStepKeptUpWithBeforeTheFirstThatWasNot() {
        // kept up to 200/s; at 300/s Spark writes 250/s (17% short); at 400/s 250/s too
        RampSteps r = RampSteps.of(windows((t, rate) -> Math.min(rate, 250), 1.0), 4, 120, 400, LIMIT);
        assertEquals(
                List.of(true, true, false, false),
                r.steps().stream().map(RampSteps.Step::keptUp).toList());
        assertTrue(r.found());
        assertEquals(200, r.rate(), 1e-9);
        assertEquals(300, r.above(), 1e-9);
        assertEquals(1 - 250 / 300.0, r.steps().get(2).deficit(), 1e-9);
        assertEquals(2.0, r.steps().get(1).latency(), 1e-9, "the step's windows' mean latency, weighted by rows");
        assertEquals("about 200 msg/s: kept up with every step to 200 msg/s, not with 300 msg/s", r.describe());
        assertEquals(300, r.offeredAt(75), 1e-9);
        assertEquals(400, r.offeredAt(130), 1e-9, "the tail at the top");
    }

    @Test
    void aStepsFirstThirdIsLeftOutAndDrainingAnEarlierBacklogCounts() {
        // each step's first window writes only half (the last step's backlog, a slow first batch); later ones more than
        // offered
        RampSteps r = RampSteps.of(windows((t, rate) -> t % 30 == 0 ? rate / 2 : rate * 1.02, 1.0), 4, 120, 400, LIMIT);
        assertFalse(r.found(), r.steps().toString());
        assertEquals("at least 400 msg/s: every step up to the top was kept up with", r.describe());
        assertTrue(r.steps().get(0).deficit() < 0, "it drained: output above input");
    }

    @Test
    void aStepIsJudgedByAProbesBacklogLimit() {
        // from 300/s Spark writes 3% less than offered: within the 5% the ramp once allowed, beyond a probe's 1%
        RampSteps r =
                RampSteps.of(windows((t, rate) -> rate >= 300 ? rate * 0.97 : rate * 0.995, 1.0), 4, 120, 400, LIMIT);
        assertEquals(0.01, LIMIT, 1e-12, "the documented default");
        assertEquals(
                List.of(true, true, false, false),
                r.steps().stream().map(RampSteps.Step::keptUp).toList(),
                r.steps().toString());
        assertEquals(200, r.rate(), 1e-9);
        assertEquals(300, r.above(), 1e-9, "3% short is not kept up with");
        assertEquals(0.03, r.steps().get(2).deficit(), 1e-9);
        assertTrue(r.rule().contains("more than 1% less than was offered"), r.rule());
        assertFalse(
                RampSteps.of(windows((t, rate) -> rate * 0.97, 1.0), 4, 120, 400, 0.05)
                        .found(),
                "the same run under a 5% limit kept up with every step");
    }

    @Test
    void aFirstStepNotKeptUpWithIsBelowItsRate() {
        RampSteps r = RampSteps.of(windows((t, rate) -> rate * 0.9, 1.0), 4, 120, 400, LIMIT);
        assertTrue(r.found());
        assertEquals(0, r.rate(), 1e-9);
        assertEquals("below 100 msg/s: the first step judged was not kept up with", r.describe());
    }

    @Test
    void aStepWithoutAWindowInItsJudgedPartIsNotJudged() {
        // 16 steps of 7.5 s: the judged part of step k is [7.5k + 2.5, 7.5k + 7.5); 10 s windows (midpoints 5, 15, ...)
        // put a midpoint in every other one. The windows' own rates fall short from 60 s (the step at 225/s judged on
        // 65 s)
        RampSteps r = RampSteps.of(windows((t, rate) -> Math.min(rate, 250), 1.0), 16, 120, 400, LIMIT);
        assertEquals(
                8,
                r.steps().stream().filter(s -> !s.judged()).count(),
                r.steps().toString());
        assertTrue(r.steps().stream().filter(s -> !s.judged()).noneMatch(RampSteps.Step::keptUp));
        assertEquals(225, r.above(), 1e-9, "the first judged step not kept up with");
        assertEquals(
                200, r.rate(), 1e-9, "the last judged step before it that was kept up with (not the unjudged 212.5)");
    }
}
