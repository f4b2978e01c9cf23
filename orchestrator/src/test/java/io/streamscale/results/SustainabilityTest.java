package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers for the verdict on series shaped as the 2-core machine's runs far above capacity are. */
class SustainabilityTest {
    private static final long S = 1_000_000;

    /** Six 10 s windows whose mean event latency is {@code latencies}[i], 1000 rows each. */
    private static List<Window> windows(double... latencies) {
        List<Window> out = new ArrayList<>();
        for (int i = 0; i < latencies.length; i++) {
            LatencyStats l =
                    new LatencyStats(1000, latencies[i], 0.01, latencies[i], latencies[i], latencies[i], latencies[i]);
            out.add(new Window((30 + 10L * i) * S, 30 + 10 * i + 5, 10, 1000, 1000, l, l, l));
        }
        return out;
    }

    @Test
    void hugeBatchesThatSawTheLatencyDownStillShowTheBacklogGrowing() {
        // 200 000 msg/s offered for 90 s, 60 000 scored per second: micro-batches of 40 s and more; inside each the
        // latency falls as newer rows come, so the windows' trend falls; no batch ends inside the steady state [30 s,
        // 90 s]
        Backlog.Series progress = new Backlog.Series(
                "progress",
                List.of(
                        new Backlog.Point(5 * S, 1_000_000, 0),
                        new Backlog.Point(25 * S, 5_000_000, 1_500_000),
                        new Backlog.Point(150 * S, 18_000_000, 16_000_000)));
        List<GeneratorFigures> gens = List.of(new GeneratorFigures(
                0, "n3", 200_000, 18_000_000, 18_000_000, 18_000_000, 0, 0, 90 * S, 7_000_000, 9_000_000));
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            LatencyStats l = new LatencyStats(600_000, 50, 1, 50, 50, 50, 50);
            windows.add(new Window(10L * i * S, 10 * i + 5, 10, 2_000_000, 600_000, l, l, l));
        }
        List<Backlog.Point> steady = progress.steady(30 * S, 90 * S, gens, windows);
        assertEquals(
                List.of(30 * S, 40 * S, 50 * S, 60 * S, 70 * S, 80 * S, 90 * S),
                steady.stream().map(Backlog.Point::atMicros).toList(),
                "the scored rows' series, a point per window end");
        assertEquals(30 * 200_000L - 3 * 600_000L, steady.get(0).backlog());
        Sustainability v = Sustainability.judge(
                windows(70, 66, 62, 58, 54, 50),
                steady,
                200_000,
                60,
                0,
                Sustainability.Thresholds.DEFAULT,
                null,
                "the generator fell behind its schedule: p99 7.00 s",
                null);
        assertEquals(Verdict.UNSUSTAINABLE, v.verdict(), v.reason());
        assertTrue(v.reason().startsWith("the backlog grows"), v.reason());
        assertTrue(v.reason().contains("the generator fell behind its schedule: p99 7.00 s"), v.reason());
        assertEquals(0.7, v.backlogGrowthFraction(), 1e-9, "140 000 of 200 000 msg/s");
        // with batch ends enough inside, those are the series
        Backlog.Series dense = new Backlog.Series(
                "progress",
                List.of(
                        new Backlog.Point(40 * S, 10, 5),
                        new Backlog.Point(50 * S, 20, 15),
                        new Backlog.Point(60 * S, 30, 25)));
        assertEquals(dense.points(), dense.steady(30 * S, 90 * S, gens, windows));
    }

    @Test
    void twoPointsAreEnoughWhenTheBacklogGrewByMillions() {
        // no t-test with two points, but 8 million more unscored over the steady state
        List<Backlog.Point> two = List.of(
                new Backlog.Point(30 * S, 6_000_000, 1_800_000), new Backlog.Point(90 * S, 18_000_000, 5_400_000));
        Sustainability v = Sustainability.judge(
                windows(70, 66, 62, 58, 54, 50),
                two,
                200_000,
                60,
                0,
                Sustainability.Thresholds.DEFAULT,
                null,
                null,
                null);
        assertEquals(Verdict.UNSUSTAINABLE, v.verdict(), v.reason());
        // and a backlog that grew by less than 5 s of load is no evidence
        List<Backlog.Point> small =
                List.of(new Backlog.Point(30 * S, 150_000, 145_000), new Backlog.Point(90 * S, 450_000, 435_000));
        assertEquals(
                Verdict.SUSTAINABLE,
                Sustainability.judge(
                                windows(1.0, 1.1, 0.9, 1.0, 1.05, 0.95),
                                small,
                                5000,
                                60,
                                0,
                                Sustainability.Thresholds.DEFAULT,
                                null,
                                null,
                                null)
                        .verdict());
    }

    @Test
    void aFlatLatencyWithAFlatBacklogIsSustainable() {
        List<Backlog.Point> flat = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            flat.add(new Backlog.Point((30 + i) * S, 5000L * (30 + i), 5000L * (30 + i) - 5000 - (i % 3) * 100));
        }
        Sustainability v = Sustainability.judge(
                windows(1.0, 1.1, 0.9, 1.0, 1.05, 0.95),
                flat,
                5000,
                60,
                0,
                Sustainability.Thresholds.DEFAULT,
                null,
                null,
                null);
        assertEquals(Verdict.SUSTAINABLE, v.verdict(), v.reason());
    }

    @Test
    void aRunThatFellBehindOnABusyMachineIsInconclusiveOneThatKeptUpIsSustainable() {
        List<Backlog.Point> two = List.of(
                new Backlog.Point(30 * S, 6_000_000, 1_800_000), new Backlog.Point(90 * S, 18_000_000, 5_400_000));
        String busy = "this machine gave 0.60 of its 2 cores to other work";
        Sustainability v = Sustainability.judge(
                windows(70, 66, 62, 58, 54, 50),
                two,
                200_000,
                60,
                0,
                Sustainability.Thresholds.DEFAULT,
                null,
                null,
                busy);
        assertEquals(Verdict.INCONCLUSIVE, v.verdict(), v.reason());
        assertEquals(Sustainability.MACHINE_BUSY, v.cause());
        assertTrue(v.reason().startsWith("the backlog grows, but " + busy), v.reason());
        assertTrue(!v.sustained(), "not counted as sustained");
        List<Backlog.Point> flat = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            flat.add(new Backlog.Point((30 + i) * S, 5000L * (30 + i), 5000L * (30 + i) - 5000 - (i % 3) * 100));
        }
        Sustainability kept = Sustainability.judge(
                windows(1.0, 1.1, 0.9, 1.0, 1.05, 0.95),
                flat,
                5000,
                60,
                0,
                Sustainability.Thresholds.DEFAULT,
                null,
                null,
                busy);
        assertEquals(Verdict.SUSTAINABLE, kept.verdict(), kept.reason());
        assertTrue(kept.reason().contains("although " + busy), kept.reason());
    }
}
