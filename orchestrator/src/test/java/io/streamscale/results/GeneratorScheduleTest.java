package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamscale.jobs.generator.Schedule;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The analysis recomputes intended send times with the generator's own formula: the two must never drift apart. */
class GeneratorScheduleTest {
    @Test
    void theAnalysisIntendsEveryMessageWhenTheGeneratorDid() {
        // one formula: the analysis uses the generator's Schedule; the share carries everything it needs
        for (int steps : new int[] {0, 1, 6}) {
            Schedule generator = new Schedule(0, 20_000, 15_000_000_000L, steps);
            GeneratorFigures.Share analysis = new GeneratorFigures.Share(0, 20_000, 15_000_000, steps, 0, 1);
            for (long j : new long[] {0, 1, 17, 99_999, 150_000, 3_000_000_000L}) {
                assertEquals(generator.offsetNanos(j) / 1000, analysis.offsetMicros(j), steps + " steps, message " + j);
            }
        }
    }

    @Test
    void aSteppedInstanceCountsWhatItSentPerStep() {
        // one of 4 instances of a node stepping 250, 500, 750, 1000 msg/s over 10 s (2.5 s each), then 1000/s to 15 s
        long start = 1_000_000_000L;
        long[] perStep = new long[6];
        for (int k = 0; k < 4; k++) {
            long mine = k < 2 ? 2813 : 2812; // 11 250 over 4
            GeneratorFigures g = new GeneratorFigures(
                    k,
                    "n1",
                    250,
                    mine,
                    mine,
                    mine,
                    0,
                    start,
                    start + 15_000_000,
                    0,
                    0,
                    new GeneratorFigures.Share(start, 1000, 10_000_000, 4, k, 4),
                    null);
            for (int w = 0; w < 6; w++) {
                perStep[w] += g.sentBetween(start + w * 2_500_000L, start + (w + 1) * 2_500_000L);
            }
        }
        assertEquals(
                List.of(625L, 1250L, 1875L, 2500L, 2500L, 2500L),
                Arrays.stream(perStep).boxed().toList());
    }

    @Test
    void aRampedInstanceCountsWhatItSentPerWindowFromItsShare() {
        // one of 4 instances of a node ramping 0 -> 1000 msg/s over 10 s (5000 messages), then 1000/s; 15 s in all
        long start = 1_000_000_000L;
        int stride = 4;
        long nodeMessages = 10_000;
        long[] perWindow = new long[3];
        for (int k = 0; k < stride; k++) {
            long mine = nodeMessages / stride;
            GeneratorFigures g = new GeneratorFigures(
                    k,
                    "n1",
                    250,
                    mine,
                    mine,
                    mine,
                    0,
                    start,
                    start + 15_000_000,
                    0,
                    0,
                    new GeneratorFigures.Share(start, 1000, 10_000_000, 0, k, stride),
                    null);
            for (int w = 0; w < 3; w++) {
                perWindow[w] += g.sentBetween(start + w * 5_000_000L, start + (w + 1) * 5_000_000L);
            }
        }
        assertEquals(1250, perWindow[0], "a quarter of the ramp's messages in its first half");
        assertEquals(3750, perWindow[1], "the rest of the ramp in its second half");
        assertEquals(5000, perWindow[2], "then the full rate");
    }
}
