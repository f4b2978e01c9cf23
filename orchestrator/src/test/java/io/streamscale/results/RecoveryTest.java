package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTest {
    /** Windows of 10 s from t=1000 s: a flat 0.5 s, a spike after the strike at 1065 s, back in band at window 1100. */
    static List<Recovery.Window> series() {
        double[] means = {9.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 4.0, 3.0, 1.0, 0.6, 0.55, 0.5};
        List<Recovery.Window> w = new ArrayList<>();
        for (int i = 0; i < means.length; i++) {
            w.add(new Recovery.Window((1000 + 10L * i) * 1000, 100, means[i], means[i] * 2));
        }
        return w;
    }

    @Test
    void peakAndRecoveryOfASyntheticFault() {
        // load started at 1000 s with a 10 s warm-up (the 9 s window is excluded); strike at 1065 s
        JsonNode r = Recovery.compute(
                        series(),
                        10_000,
                        List.of(new Recovery.Strike(1_065_000, "kill kafka-0 on n1", 1_000_000)),
                        10_000)
                .get(0);
        assertEquals(
                0.5,
                r.path("preFaultMeanSeconds").asDouble(),
                1e-12,
                "windows 1010..1050: wholly after warm-up, before the strike");
        assertEquals(0.7, r.path("bandSeconds").asDouble(), 1e-12);
        assertEquals(4.0, r.path("peakWindowMeanSeconds").asDouble(), 1e-12);
        assertEquals(8.0, r.path("peakSeconds").asDouble(), 1e-12);
        assertEquals(
                45.0, r.path("recoverySeconds").asDouble(), 1e-12, "window 1100 (mean 0.6) ends at 1110 = 45 s after");
    }

    @Test
    void aFaultNeverRecoveredFromHasNoRecoveryTime() {
        List<Recovery.Window> w = new ArrayList<>(series());
        w.add(new Recovery.Window(1_130_000, 100, 2.0, 2.0));
        JsonNode r = Recovery.compute(w, 10_000, List.of(new Recovery.Strike(1_065_000, "kill", 1_000_000)), 10_000)
                .get(0);
        assertTrue(r.path("recoverySeconds").isNull(), r.toString());
        JsonNode early = Recovery.compute(w, 10_000, List.of(new Recovery.Strike(1_015_000, "kill", 1_000_000)), 10_000)
                .get(0);
        assertTrue(early.path("preFaultMeanSeconds").isNull(), "no whole steady window before: " + early);
        assertTrue(early.path("recoverySeconds").isNull());
        assertEquals(4.0, early.path("peakWindowMeanSeconds").asDouble(), 1e-12, "the peak is known all the same");
    }
}
