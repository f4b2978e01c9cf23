package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhasesTest {
    @Test
    void eachPhaseLastsUntilTheNextStartsAndRepeatsAddUp() {
        long[] now = {0};
        Phases p = new Phases(() -> now[0]);
        p.start("cluster");
        now[0] += 12_500_000_000L;
        p.start("load");
        now[0] += 60_000_000_000L;
        p.start("cluster");
        now[0] += 1_000_000_000L;
        p.end();
        now[0] += 5_000_000_000L; // between phases: not counted
        Map<String, Double> s = p.seconds();
        assertEquals(List.of("cluster", "load"), List.copyOf(s.keySet()));
        assertEquals(13.5, s.get("cluster"), 1e-9);
        assertEquals(60.0, s.get("load"), 1e-9);
        p.end();
        assertEquals(s, p.seconds(), "ending twice changes nothing");
    }
}
