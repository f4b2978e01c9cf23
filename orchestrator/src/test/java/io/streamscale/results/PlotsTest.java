package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlotsTest {
    @Test
    void sdBarsStopAtZeroAndAreBrokenBetweenWindows() {
        double[][] bars =
                Plots.sdBars(new double[] {5, 15, 25}, new double[] {0.5, 2.0, 1.0}, new double[] {0.8, 0.5, 0});
        // 0.5 ± 0.8 would reach -0.3 s: drawn from 0; the third window has no spread, so no bar
        assertArrayEquals(new double[] {5, 5, 5, 15, 15, 15}, bars[0]);
        assertArrayEquals(new double[] {0, 1.3, Double.NaN, 1.5, 2.5, Double.NaN}, bars[1], 1e-12);
        assertEquals(0, Plots.sdBars(new double[] {1}, new double[] {1}, new double[] {0})[0].length);
    }
}
