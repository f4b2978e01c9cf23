package io.streamscale.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamscale.remote.ExecResult;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceKind;
import io.streamscale.testing.RecordingRemote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The injector against a recording cluster: which daemon gets which signal when, restarts, the log, the final heal. */
class FaultInjectorTest {
    @TempDir
    Path tmp;

    /** Hosts whose processes live until they get KILL/TERM; liveness checks answer from that. */
    final Set<Long> dead = new HashSet<>();
    /** Processes in state T (SIGSTOPped and not yet continued). */
    final Set<Long> stopped = new HashSet<>();

    final Map<String, RecordingRemote> hosts = new HashMap<>();
    final List<RunningDaemon> daemons = new ArrayList<>();
    final List<String> partitions = new ArrayList<>();
    long nextPid = 500;

    RecordingRemote host(String node) {
        return hosts.computeIfAbsent(
                node,
                n -> new RecordingRemote(n, cmd -> {
                    if (cmd.startsWith("kill -KILL ") || cmd.startsWith("kill -TERM ")) {
                        dead.add(Long.parseLong(cmd.substring(11).trim()));
                        return new ExecResult(0, "", "");
                    }
                    if (cmd.startsWith("kill -STOP ") || cmd.startsWith("kill -CONT ")) {
                        long pid = Long.parseLong(cmd.substring(11).trim());
                        if (cmd.startsWith("kill -STOP ")) {
                            stopped.add(pid);
                        } else {
                            stopped.remove(pid);
                        }
                        return new ExecResult(0, "", "");
                    }
                    Matcher state =
                            Pattern.compile("/proc/(\\d+)/stat .*= T \\]").matcher(cmd);
                    if (state.find()) {
                        return new ExecResult(stopped.contains(Long.parseLong(state.group(1))) ? 0 : 1, "", "");
                    }
                    if (cmd.startsWith("kill -0 ")) {
                        long pid = Long.parseLong(cmd.substring(8, cmd.indexOf(' ', 8)));
                        return new ExecResult(dead.contains(pid) ? 1 : 0, "", "");
                    }
                    return new ExecResult(0, "", "");
                }));
    }

    RunningDaemon daemon(String node, String id, ServiceKind kind) {
        DaemonSpec s = new DaemonSpec(
                id,
                kind,
                node,
                "127.0.0.1",
                "/w/" + id,
                List.of("java"),
                Map.of(),
                Map.of(),
                List.of(),
                List.of(),
                null,
                "c1");
        RunningDaemon d = new RunningDaemon(s, nextPid++, Instant.now());
        daemons.add(d);
        return d;
    }

    FaultInjector injector(List<FaultSpec> faults) {
        DaemonController c = new DaemonController(this::host, Duration.ofMillis(10));
        return new FaultInjector(
                faults,
                Duration.ZERO,
                Duration.ofSeconds(60),
                c,
                new FaultInjector.Cluster() {
                    @Override
                    public List<RunningDaemon> daemons() {
                        return daemons;
                    }

                    @Override
                    public RunningDaemon relaunch(DaemonSpec spec) {
                        RunningDaemon d = new RunningDaemon(spec, nextPid++, Instant.now());
                        daemons.add(d);
                        return d;
                    }

                    @Override
                    public Optional<String> leaderNode(int partition) {
                        return Optional.of("n3");
                    }

                    @Override
                    public void partition(RunningDaemon d, boolean cut) {
                        partitions.add((cut ? "cut " : "restore ") + d.spec().id());
                    }
                },
                new FaultLog(tmp.resolve("faults.jsonl")),
                () -> Instant.parse("2026-11-22T10:00:00Z"));
    }

    /** The log without the lines written before each act. */
    List<JsonNode> log() throws Exception {
        return all().stream()
                .filter(n -> !n.path("outcome").asText().equals(FaultLog.PENDING))
                .toList();
    }

    List<JsonNode> all() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(tmp.resolve("faults.jsonl"))) {
            out.add(new ObjectMapper().readTree(l));
        }
        return out;
    }

    @Test
    void aKilledBrokerIsRestartedOnItsNodeAtItsTime() throws Exception {
        RunningDaemon k0 = daemon("n1", "kafka-0", ServiceKind.KAFKA);
        daemon("n2", "kafka-1", ServiceKind.KAFKA);
        FaultInjector i = injector(List.of(
                FaultScheduleTest.spec("at", "10s", "action", "kill", "target", "kafka", "restartAfter", "20s")));
        assertFalse(i.strikeDue(Duration.ofSeconds(9)));
        i.tick(Duration.ofSeconds(9));
        assertTrue(dead.isEmpty(), "nothing before its time");
        assertTrue(i.strikeDue(Duration.ofSeconds(10)), "the kill is due");
        i.tick(Duration.ofSeconds(10));
        assertFalse(i.strikeDue(Duration.ofSeconds(30)), "a restart is due then, no strike");
        assertEquals(Set.of(k0.pid()), dead, "one = the first broker in layout order");
        assertTrue(hosts.get("n1").commands.contains("kill -KILL " + k0.pid()));
        assertTrue(i.holds(k0), "down, with a restart due");
        i.tick(Duration.ofSeconds(29));
        assertEquals(2, daemons.size());
        i.tick(Duration.ofSeconds(31));
        assertEquals(3, daemons.size(), "restarted");
        assertEquals("n1", daemons.get(2).spec().node());
        assertFalse(i.holds(k0));
        List<JsonNode> log = log();
        assertEquals(
                List.of("inject", "heal"),
                log.stream().map(n -> n.path("phase").asText()).toList());
        assertEquals("kafka-0", log.get(0).path("service").asText());
        assertEquals(k0.pid(), log.get(0).path("pid").asLong());
        assertEquals(10_000, log.get(0).path("sinceLoadStartMillis").asLong());
        assertEquals("restarted", log.get(1).path("outcome").asText());
        assertEquals(daemons.get(2).pid(), log.get(1).path("newPid").asLong());
    }

    @Test
    void selectorsPickByCountLeaderAndNodeAndSayWhenTooFewAreLeft() throws Exception {
        daemon("n1", "kafka-0", ServiceKind.KAFKA);
        daemon("n2", "kafka-1", ServiceKind.KAFKA);
        RunningDaemon k2 = daemon("n3", "kafka-2", ServiceKind.KAFKA);
        RunningDaemon w = daemon("n4", "spark-worker-0", ServiceKind.SPARK_WORKER);
        FaultInjector i = injector(List.of(
                FaultScheduleTest.spec("at", "1s", "action", "kill", "target", "kafka", "select", "leader:0"),
                FaultScheduleTest.spec("at", "2s", "action", "stop", "target", "spark-worker", "select", "node:n4"),
                FaultScheduleTest.spec("at", "3s", "action", "kill", "target", "kafka", "select", "3")));
        i.tick(Duration.ofSeconds(5));
        assertTrue(dead.contains(k2.pid()), "the leader's broker (n3)");
        assertTrue(dead.contains(w.pid()));
        assertTrue(hosts.get("n4").commands.contains("kill -TERM " + w.pid()), "stop = SIGTERM");
        JsonNode skipped = log().get(2);
        assertEquals(
                "skipped: 3 kafka: only 2 of the 2 running match",
                skipped.path("outcome").asText());
        assertEquals(2, dead.size(), "the skipped strike killed nothing");
    }

    @Test
    void theFinalHealResumesPausedAndRestoresCutTrafficAfterAFailure() throws Exception {
        RunningDaemon k0 = daemon("n1", "kafka-0", ServiceKind.KAFKA);
        RunningDaemon w = daemon("n2", "spark-worker-0", ServiceKind.SPARK_WORKER);
        FaultInjector i = injector(List.of(
                FaultScheduleTest.spec("at", "1s", "action", "pause", "target", "kafka", "for", "30s"),
                FaultScheduleTest.spec("at", "2s", "action", "partition", "target", "spark-worker", "for", "30s"),
                FaultScheduleTest.spec("at", "3s", "action", "kill", "target", "kafka", "restartAfter", "30s")));
        i.tick(Duration.ofSeconds(3));
        assertTrue(hosts.get("n1").commands.contains("kill -STOP " + k0.pid()));
        assertEquals(Set.of(k0.pid()), stopped, "the pause shows in the process state");
        assertEquals(List.of("cut spark-worker-0"), partitions);
        // the run fails here: the final heal must leave nothing paused or cut off
        i.healAll(Duration.ofSeconds(4));
        assertTrue(hosts.get("n1").commands.contains("kill -CONT " + k0.pid()));
        assertEquals(Set.of(), stopped, "running again");
        assertEquals(List.of("cut spark-worker-0", "restore spark-worker-0"), partitions);
        List<JsonNode> log = log();
        assertEquals(
                List.of("inject", "inject", "inject", "final-heal", "final-heal"),
                log.stream().map(n -> n.path("phase").asText()).toList());
        assertEquals(
                "skipped: one kafka: only 0 of the 0 running match",
                log.get(2).path("outcome").asText(),
                "the only other broker is paused by fault 0");
        i.tick(Duration.ofSeconds(60));
        assertEquals(5, log().size(), "healed strikes are not healed again");
        assertEquals(w.pid(), log.get(1).path("pid").asLong());
        assertEquals("resumed", log.get(3).path("outcome").asText());
        // each act is written down before it happens: its pending line comes right before its outcome
        List<JsonNode> all = all();
        assertEquals(
                List.of(
                        "pending",
                        "ok",
                        "pending",
                        "ok",
                        "skipped: one kafka: only 0 of the 0 running match",
                        "pending",
                        "resumed",
                        "pending",
                        "restored"),
                all.stream().map(n -> n.path("outcome").asText()).toList());
        for (int j = 0; j < all.size(); j++) {
            if (all.get(j).path("outcome").asText().equals("pending")) {
                assertEquals(all.get(j).path("phase"), all.get(j + 1).path("phase"));
                assertEquals(all.get(j).path("pid"), all.get(j + 1).path("pid"), "the same daemon");
            }
        }
    }
}
