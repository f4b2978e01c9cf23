package io.streamscale.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    static FaultSpec spec(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return FaultSpec.of(m);
    }

    static FaultEvent ev(int fault, int occ, long seconds, FaultEvent.Phase p) {
        return new FaultEvent(fault, occ, Duration.ofSeconds(seconds), p);
    }

    @Test
    void strikesAndHealsInTimeOrderWithRecurrenceAndTheWarmUp() {
        List<FaultSpec> faults = List.of(
                spec("at", "warmup+30s", "action", "kill", "target", "kafka", "restartAfter", "60s"),
                spec("at", "20s", "action", "pause", "target", "spark-worker", "for", "10s", "every", "50s"));
        List<FaultEvent> events = FaultSchedule.of(faults, Duration.ofSeconds(60), Duration.ofSeconds(150));
        assertEquals(
                List.of(
                        ev(1, 0, 20, FaultEvent.Phase.INJECT),
                        ev(1, 0, 30, FaultEvent.Phase.HEAL),
                        ev(1, 1, 70, FaultEvent.Phase.INJECT),
                        ev(1, 1, 80, FaultEvent.Phase.HEAL),
                        ev(0, 0, 90, FaultEvent.Phase.INJECT),
                        ev(1, 2, 120, FaultEvent.Phase.INJECT),
                        ev(1, 2, 130, FaultEvent.Phase.HEAL),
                        ev(0, 0, 150, FaultEvent.Phase.HEAL)),
                events,
                "the restart due at 150 s falls after the load: still scheduled");
    }

    @Test
    void aHealAndAStrikeAtTheSameTimeHealFirst() {
        List<FaultEvent> events = FaultSchedule.of(
                List.of(
                        spec("at", "10s", "action", "pause", "target", "kafka", "for", "10s"),
                        spec("at", "20s", "action", "kill", "target", "kafka")),
                Duration.ZERO,
                Duration.ofSeconds(60));
        assertEquals(
                List.of(
                        ev(0, 0, 10, FaultEvent.Phase.INJECT),
                        ev(0, 0, 20, FaultEvent.Phase.HEAL),
                        ev(1, 0, 20, FaultEvent.Phase.INJECT)),
                events);
    }

    @Test
    void specsParseAndDescribeThemselves() {
        FaultSpec f = spec(
                "at", "warmup+1m", "action", "kill", "target", "kafka", "select", "leader:0", "restartAfter", "1m");
        assertEquals(Selector.Kind.LEADER, f.select().kind());
        assertEquals(Duration.ofMinutes(3), f.firstAt(Duration.ofMinutes(2)));
        assertEquals("kill leader:0 kafka, at warmup+1 min 0 s, restart after 1 min 0 s", f.describe());
        FaultSpec.FieldException e = Assertions.assertThrows(
                FaultSpec.FieldException.class,
                () -> spec("at", "1m", "action", "kill", "target", "spark-worker", "select", "leader:0"));
        assertEquals("select", e.field());
    }
}
