package io.streamscale.fault;

import io.streamscale.common.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.cluster.StateDir;
import io.streamscale.testing.RunChecks;
import io.streamscale.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
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
        RunChecks.assertAccountingHolds(Json.MAPPER.readTree(broker.resolve("summary.json").toFile()), 32_000);
        List<JsonNode> log = lines(broker.resolve("faults.jsonl"));
        assertEquals(List.of("inject kill kafka-0 n1 ok", "heal kill kafka-0 n1 restarted", "inject pause kafka-1 n2 ok",
                "heal pause kafka-1 n2 resumed"), log.stream().map(FaultIT::brief).toList());
        assertTrue(log.get(1).path("newPid").asLong() > 0 && log.get(1).path("newPid").asLong() != log.get(0).path("pid").asLong());
        // never early; late by at most a few seconds even when both cores are busy (the load is 40 s)
        long killedAt = log.get(0).path("sinceLoadStartMillis").asLong();
        assertTrue(killedAt >= 8000 && killedAt < 13_000, "on time: " + killedAt);
        long restartedAt = log.get(1).path("sinceLoadStartMillis").asLong();
        assertTrue(restartedAt >= 18_000 && restartedAt < 23_000, "on time: " + restartedAt);
        assertTrue(Files.size(broker.resolve("logs/n1-kafka-0.log")) > 0);
        // the report made at the end: what each strike cost, and the fault timeline plot
        JsonNode report = Json.MAPPER.readTree(broker.resolve("report.json").toFile()).path("recovery");
        assertEquals(2, report.size(), "one entry per strike: " + report);
        assertEquals("kill kafka-0 on n1", report.get(0).path("fault").asText());
        assertEquals(0, report.get(0).path("notScoredAfter").asLong(), "nothing lost after the kill: " + report);
        assertEquals(0, report.get(0).path("duplicatedAfter").asLong(), report.toString());
        assertTrue(report.get(0).path("sentAfter").asLong() + report.get(1).path("sentAfter").asLong() > 20_000, report.toString());
        assertTrue(report.get(0).path("peakSeconds").asDouble() > 0, report.toString());
        String page = Files.readString(results.resolve("broker/report/experiment-broker.html"));
        assertTrue(page.contains("kill kafka-0 on n1") && page.contains("plots/broker-k3s1_800ps-rep1-latency.png"), page);
        assertTrue(Files.size(results.resolve("broker/report/plots/broker-k3s1_800ps-rep1-latency.svg")) > 0);
        RunChecks.assertNothingRunning(broker);

        Path spark = results.resolve("spark/k1s2_800ps/rep-1");
        RunChecks.assertAccountingHolds(Json.MAPPER.readTree(spark.resolve("summary.json").toFile()), 32_000);
        assertEquals(List.of("inject kill spark-worker-0 n2 ok", "inject kill scorer n2 ok", "heal kill scorer n2 restarted",
                "final-heal kill spark-worker-0 n2 left down (no restartAfter)"),
                lines(spark.resolve("faults.jsonl")).stream().map(FaultIT::brief).toList());
        JsonNode run = Json.MAPPER.readTree(spark.resolve("run.json").toFile());
        assertEquals("complete", run.path("status").asText());
        assertEquals(2, run.path("faults").size());
        RunChecks.assertNothingRunning(spark);
    }

    static String brief(JsonNode n) {
        return n.path("phase").asText() + " " + n.path("action").asText() + " " + n.path("service").asText() + " "
                + n.path("node").asText() + " " + n.path("outcome").asText();
    }

    static List<JsonNode> lines(Path f) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            out.add(Json.MAPPER.readTree(l));
        }
        return out;
    }
}
