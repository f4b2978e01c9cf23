package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamscale.jobs.generator.Schedule;
import org.junit.jupiter.api.Test;

/** The analysis recomputes intended send times with the generator's own formula: the two must never drift apart. */
class GeneratorScheduleTest {
    @Test
    void theAnalysisIntendsEveryMessageWhenTheGeneratorDid() {
        double[] rates = {3.0, 2000, 20_000, 123_456.7};
        long[] rampsMicros = {0, 1, 15_000_000, 7_654_321};
        for (double rate : rates) {
            for (long ramp : rampsMicros) {
                Schedule generator = new Schedule(0, rate, ramp * 1000);
                GeneratorFigures.Share analysis = new GeneratorFigures.Share(0, rate, ramp, 0, 1);
                long inRamp = Math.round(rate * ramp / 2e6);
                for (long j : new long[] {0, 1, 2, 17, inRamp - 1, inRamp, inRamp + 1, 10_000_019, 3_000_000_000L}) {
                    if (j >= 0) {
                        assertEquals(generator.offsetNanos(j) / 1000, analysis.offsetMicros(j), "rate " + rate + ", ramp "
                                + ramp + " us, message " + j);
                    }
                }
            }
        }
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
            GeneratorFigures g = new GeneratorFigures(k, "n1", 250, mine, mine, mine, 0, start, start + 15_000_000, 0, 0,
                    new GeneratorFigures.Share(start, 1000, 10_000_000, k, stride));
            for (int w = 0; w < 3; w++) {
                perWindow[w] += g.sentBetween(start + w * 5_000_000L, start + (w + 1) * 5_000_000L);
            }
        }
        assertEquals(1250, perWindow[0], "a quarter of the ramp's messages in its first half");
        assertEquals(3750, perWindow[1], "the rest of the ramp in its second half");
        assertEquals(5000, perWindow[2], "then the full rate");
    }
}
