package io.streamscale.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.cluster.ClusterState;
import io.streamscale.cluster.StateDir;
import io.streamscale.common.Json;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.LocalRemote;
import io.streamscale.service.RunningDaemon;
import io.streamscale.testing.Cli;
import io.streamscale.testing.Procs;
import io.streamscale.testing.RunChecks;
import io.streamscale.testing.TestHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults from a manifest against real daemons: a broker killed and restarted and another paused, with replication 3,
 * min ISR 2 and acks=all; a Spark worker killed and the driver killed and restarted from its checkpoint. Every message
 * is accounted for by (generatorId, seq) and faults.jsonl says what happened.
 */
@Tag("integration")
class FaultIT {
    @TempDir
    Path tmp;

    @Test
    void brokerAndSparkFaultsLoseNothingAndAreLogged() throws Exception {
        Path manifest = Files.writeString(tmp.resolve("faults.yaml"), """
                defaults:
                  load: 800/s
                  duration: 40s
                  warmup: 0s
                  generators: {processes: 2}
                  spark: {workerMemory: 1g, executorMemory: 512m, warmupMessages: 2000}
                  scheduler: {backend: local}
                experiments:
                  broker:
                    nodes: [3, 1]
                    kafka: {replicationFactor: 3, minInsyncReplicas: 2, acks: all}
                    faults:
                      - {at: 8s, action: kill, target: kafka, restartAfter: 10s}
                      - {at: 25s, action: pause, target: kafka, select: "node:n2", for: 10s}
                  spark:
                    nodes: [1, 2]
                    faults:
                      - {at: 8s, action: kill, target: spark-worker}
                      - {at: 20s, action: kill, target: spark-driver, restartAfter: 3s}
                """);
        Path results = tmp.resolve("results");
        Cli.Result r = Cli.run("run", manifest.toString(), "--results", results.toString());
        assertEquals(0, r.exit(), r.out() + r.err());

        Path broker = results.resolve("broker/k3s1_800ps/rep-1");
        RunChecks.assertAccountingHolds(
                Json.MAPPER.readTree(broker.resolve("summary.json").toFile()), 32_000);
        List<JsonNode> log = lines(broker.resolve("faults.jsonl"));
        assertEquals(
                List.of(
                        "inject kill kafka-0 n1 ok",
                        "heal kill kafka-0 n1 restarted",
                        "inject pause kafka-1 n2 ok",
                        "heal pause kafka-1 n2 resumed"),
                log.stream().map(FaultIT::brief).toList());
        assertTrue(log.get(1).path("newPid").asLong() > 0
                && log.get(1).path("newPid").asLong() != log.get(0).path("pid").asLong());
        // never early; late by at most a few seconds even when both cores are busy (the load is 40 s)
        long killedAt = log.get(0).path("sinceLoadStartMillis").asLong();
        assertTrue(killedAt >= 8000 && killedAt < 13_000, "on time: " + killedAt);
        long restartedAt = log.get(1).path("sinceLoadStartMillis").asLong();
        assertTrue(restartedAt >= 18_000 && restartedAt < 23_000, "on time: " + restartedAt);
        assertTrue(Files.size(broker.resolve("logs/n1-kafka-0.log")) > 0);
        // the report made at the end: what each strike cost, and the fault timeline plot
        JsonNode report =
                Json.MAPPER.readTree(broker.resolve("report.json").toFile()).path("recovery");
        assertEquals(2, report.size(), "one entry per strike: " + report);
        assertEquals("kill kafka-0 on n1", report.get(0).path("fault").asText());
        assertEquals(0, report.get(0).path("notScoredAfter").asLong(), "nothing lost after the kill: " + report);
        assertEquals(0, report.get(0).path("duplicatedAfter").asLong(), report.toString());
        assertTrue(
                report.get(0).path("sentAfter").asLong()
                                + report.get(1).path("sentAfter").asLong()
                        > 20_000,
                report.toString());
        assertTrue(report.get(0).path("peakSeconds").asDouble() > 0, report.toString());
        String page = Files.readString(results.resolve("broker/report/experiment-broker.html"));
        assertTrue(
                page.contains("kill kafka-0 on n1") && page.contains("plots/broker-k3s1_800ps-rep1-latency.png"), page);
        assertTrue(Files.size(results.resolve("broker/report/plots/broker-k3s1_800ps-rep1-latency.svg")) > 0);
        RunChecks.assertNothingRunning(broker);

        Path spark = results.resolve("spark/k1s2_800ps/rep-1");
        RunChecks.assertAccountingHolds(
                Json.MAPPER.readTree(spark.resolve("summary.json").toFile()), 32_000);
        assertEquals(
                List.of(
                        "inject kill spark-worker-0 n2 ok",
                        "inject kill scorer n2 ok",
                        "heal kill scorer n2 restarted",
                        "final-heal kill spark-worker-0 n2 left down (no restartAfter)"),
                lines(spark.resolve("faults.jsonl")).stream()
                        .map(FaultIT::brief)
                        .toList());
        JsonNode run = Json.MAPPER.readTree(spark.resolve("run.json").toFile());
        assertEquals("complete", run.path("status").asText());
        assertEquals(2, run.path("faults").size());
        RunChecks.assertNothingRunning(spark);
    }

    /**
     * The orchestrator SIGKILLed while a broker is paused and a worker cut off (where iptables can be used): the run
     * directory holds what was about to happen, and `down` on it leaves no rule, no stopped process and no daemon.
     */
    @Test
    void anOrchestratorKilledMidFaultLeavesNothingBehindOnceDownRuns() throws Exception {
        boolean cuts = HERE.exec("[ \"$(id -u)\" = 0 ] && iptables -w -L -n >/dev/null 2>&1", Duration.ofSeconds(30))
                .ok();
        Path manifest = Files.writeString(
                tmp.resolve("crash.yaml"),
                """
                experiments:
                  crash:
                    nodes: [1, 1]
                    load: 500/s
                    duration: 90s
                    warmup: 0s
                    generators: {processes: 1}
                    spark: {workerMemory: 1g, executorMemory: 512m, warmupMessages: 1000}
                    scheduler: {backend: local}
                    faults:
                      - {at: 2s, action: pause, target: kafka, for: 80s}
                """ + (cuts ? "      - {at: 2s, action: partition, target: spark-worker, for: 80s}\n" : ""));
        Path home = TestHome.path();
        Path results = tmp.resolve("crash-results");
        Process run = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Dstreamscale.home=" + home,
                        "-cp",
                        home.resolve("orchestrator/target/streamscale-orchestrator.jar") + ":"
                                + home.resolve("orchestrator/target/lib/*"),
                        "io.streamscale.cli.Main",
                        "run",
                        manifest.toString(),
                        "--results",
                        results.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("crash.out").toFile())
                .start();
        Path dir = results.resolve("crash/k1s1_500ps/rep-1");
        int strikes = cuts ? 2 : 1;
        try {
            ProbeResult struck = Readiness.await(
                    "strikes",
                    Duration.ofSeconds(240),
                    () -> {
                        try {
                            long ok = Files.exists(dir.resolve("faults.jsonl"))
                                    ? lines(dir.resolve("faults.jsonl")).stream()
                                            .filter(FaultLog::struck)
                                            .count()
                                    : 0;
                            return ok >= strikes
                                    ? ProbeResult.ready(ok + " struck")
                                    : ProbeResult.notReady(ok + " struck");
                        } catch (Exception halfWritten) {
                            return ProbeResult.notReady(halfWritten.getMessage());
                        }
                    },
                    () -> false,
                    () -> {
                        if (!run.isAlive()) {
                            throw new AssertionError(
                                    "the run ended before its strikes:\n" + output(tmp.resolve("crash.out")));
                        }
                    });
            assertTrue(struck.ready(), struck.detail() + "\n" + output(tmp.resolve("crash.out")));
        } finally {
            run.destroyForcibly(); // SIGKILL: no hook, no teardown, no final heal
            run.waitFor();
        }
        ClusterState left = new StateDir(dir).load().orElseThrow();
        RunningDaemon broker = left.daemons().stream()
                .filter(d -> d.spec().id().equals("kafka-0"))
                .findFirst()
                .orElseThrow();
        assertEquals('T', state(broker.pid()), "the broker is still paused after the kill");
        if (cuts) {
            assertTrue(
                    HERE.run("iptables -w -S STREAMSCALE_FAULT", Duration.ofSeconds(30))
                            .stdout()
                            .contains("-j DROP"),
                    "the worker is still cut off");
        }
        List<String> written = Files.readAllLines(dir.resolve("faults.jsonl"));
        assertEquals(2 * strikes, written.size(), "each strike after its pending line: " + written);
        assertTrue(written.get(0).contains("\"outcome\":\"pending\""), written.get(0));

        Cli.Result down = Cli.run("down", "--state", dir.toString());
        assertEquals(0, down.exit(), down.out() + down.err());
        for (RunningDaemon d : left.daemons()) {
            assertFalse(Procs.running(d.pid()), d.spec().label() + " (pid " + d.pid() + ") still runs after down");
        }
        if (cuts) {
            assertEquals(
                    "-N STREAMSCALE_FAULT",
                    HERE.run("iptables -w -S STREAMSCALE_FAULT", Duration.ofSeconds(30))
                            .stdout()
                            .strip(),
                    "down removed every rule");
        }
    }

    private static final LocalRemote HERE = new LocalRemote("test");

    private static String output(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    static String brief(JsonNode n) {
        return n.path("phase").asText() + " " + n.path("action").asText() + " "
                + n.path("service").asText() + " " + n.path("node").asText() + " "
                + n.path("outcome").asText();
    }

    /** What each act did (the pending line written before each is left out). */
    static List<JsonNode> lines(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            JsonNode n = Json.MAPPER.readTree(l);
            if (!FaultLog.PENDING.equals(n.path("outcome").asText())) {
                out.add(n);
            }
        }
        return out;
    }
}
