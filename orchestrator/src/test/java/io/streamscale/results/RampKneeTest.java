package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The ramp run's knee, with known answers: windows of 10 s over a 240 s ramp to 300 000 msg/s. */
class RampKneeTest {
    private static final double[] T =
            IntStream.range(0, 26).mapToDouble(i -> i * 10.0).toArray();

    @Test
    void theRateWhereTheLatencyBeganToRiseInEveryWindowIsTheEstimate() {
        // flat near 1 s (with noise) until 150 s, then rising 1 s per window: above 2 s for good from 170 s (212 500
        // msg/s
        // offered): the estimate lags the knee by the time the latency takes to double
        double[] mean = IntStream.range(0, T.length)
                .mapToDouble(i -> T[i] < 150 ? 1.0 + (i % 2 == 0 ? 0.05 : -0.05) : 1.0 + (T[i] - 150) / 10.0)
                .toArray();
        RampKnee k = RampKnee.of(T, mean, 240, 300_000);
        assertTrue(k.found(), k.toString());
        assertEquals(170.0, k.fromSeconds(), 1e-9);
        assertEquals(212_500, k.rate(), 1e-6);
        assertEquals(9, k.tailWindows());
        assertEquals(1.05, k.level(), 1e-9, "the median of the first half's 13 windows: seven at 1.05, six at 0.95");
        assertEquals(150_000, k.offeredAt(120), 1e-9);
        assertEquals(300_000, k.offeredAt(250), 1e-9, "the top after the ramp");
        assertEquals(0, k.offeredAt(-5), 1e-9);
        assertEquals(
                "about 212500 msg/s: from 170 s into the ramp (212500 msg/s offered) the event latency stayed above twice"
                        + " its low-load level in each of the 9 windows to the end",
                k.describe());
    }

    @Test
    void aLatencyThatStaysFlatToTheTopIsNoKnee() {
        double[] mean = IntStream.range(0, T.length)
                .mapToDouble(i -> 1.0 + (i % 3) * 0.1)
                .toArray();
        RampKnee k = RampKnee.of(T, mean, 240, 300_000);
        assertFalse(k.found());
        assertEquals(300_000, k.rate(), 1e-9);
        assertEquals(
                "at least 300000 msg/s: the latency did not stay above twice its low-load level up to the ramp's top rate",
                k.describe());
    }

    @Test
    void aShortOrSmallRiseAtTheEndIsNoKneeAndEmptyWindowsAtTheEndAreLeftOut() {
        double[] small = IntStream.range(0, T.length)
                .mapToDouble(i -> i < 22 ? 1.0 : 1.0 + (i - 21) * 0.1)
                .toArray();
        assertFalse(
                RampKnee.of(T, small, 240, 300_000).found(), "4 rising windows, but from 1.0 to 1.4 s: not doubled");
        double[] dips = IntStream.range(0, T.length)
                .mapToDouble(i -> T[i] < 150 ? 1.0 : 1.0 + (T[i] - 150) / 10.0 - (i == 23 ? 2 : 0))
                .toArray();
        assertEquals(
                170.0,
                RampKnee.of(T, dips, 240, 300_000).fromSeconds(),
                1e-9,
                "a window that dips, still above twice: no matter");
        double[] shortRise = IntStream.range(0, T.length)
                .mapToDouble(i -> i < 24 ? 1.0 : 5.0 * (i - 22))
                .toArray();
        assertFalse(RampKnee.of(T, shortRise, 240, 300_000).found(), "2 windows above");
        double[] trailing = IntStream.range(0, T.length)
                .mapToDouble(i -> i >= 24 ? Double.NaN : T[i] < 150 ? 1.0 : 1.0 + (T[i] - 150) / 10.0)
                .toArray();
        RampKnee k = RampKnee.of(T, trailing, 240, 300_000);
        assertTrue(k.found(), k.toString());
        assertEquals(170.0, k.fromSeconds(), 1e-9);
    }
}
