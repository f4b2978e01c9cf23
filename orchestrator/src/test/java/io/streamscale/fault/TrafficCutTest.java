package io.streamscale.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.ExecResult;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.Endpoint;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceKind;
import io.streamscale.testing.RecordingRemote;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficCutTest {
    @Test
    void onlyTheDaemonsEndpointsAreCutInOurOwnChainAndRestoredExactly() {
        DaemonSpec s = new DaemonSpec("kafka-1", ServiceKind.KAFKA, "n2", "10.0.0.2", "/w", List.of("java"), Map.of(), Map.of(),
                List.of(), List.of(new Endpoint("10.0.0.2", 9092, "kafka")), null, "m");
        RecordingRemote r = new RecordingRemote("n2", c -> new ExecResult(0, "", ""));
        RunningDaemon d = new RunningDaemon(s, 7, Instant.now());
        TrafficCut.apply(r, d, true);
        TrafficCut.apply(r, d, false);
        assertTrue(r.commands.get(0).contains("iptables -w -I INPUT 1 -j STREAMSCALE_FAULT"), r.commands.get(0));
        assertEquals(List.of(
                "iptables -w -A STREAMSCALE_FAULT -p tcp -d 10.0.0.2 --dport 9092 -j DROP",
                "iptables -w -A STREAMSCALE_FAULT -p tcp -s 10.0.0.2 --sport 9092 -j DROP",
                "iptables -w -D STREAMSCALE_FAULT -p tcp -d 10.0.0.2 --dport 9092 -j DROP 2>/dev/null",
                "iptables -w -D STREAMSCALE_FAULT -p tcp -s 10.0.0.2 --sport 9092 -j DROP 2>/dev/null"), r.commands.subList(1, 5));
    }
}
