package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.cluster.Site;
import io.streamscale.common.Json;
import io.streamscale.jobs.scorer.Processing;
import io.streamscale.jobs.scorer.Sink;
import io.streamscale.model.ModelSpec;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.SshSettings;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunStatus;
import io.streamscale.service.KafkaMode;
import io.streamscale.testing.Cli;
import io.streamscale.testing.RunChecks;
import io.streamscale.testing.TestHome;
import io.streamscale.topology.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline end to end on a local cluster: real Kafka, real Spark, every message accounted for. */
@Tag("integration")
class PipelineIT {
    static final List<String> COLUMNS = RunChecks.COLUMNS;

    @TempDir
    static Path shared;

    static Path model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainOnce() throws Exception {
        model = shared.resolve("model");
        // a seed no earlier run used: this trains for real (runs with the same settings would reuse the cached model)
        Cli.Result r = Cli.run(
                "train", "--out", model.toString(), "--iterations", "5", "--seed", String.valueOf(System.nanoTime()));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().matches("(?s).*RMSE on the held-out 20% = \\d\\.\\d{4}.*"), r.out());
        for (String f : new String[] {"model.json", "users.txt", "movies.txt", "als/metadata"}) {
            assertTrue(Files.exists(model.resolve(f)), f);
        }
        assertTrue(Files.readAllLines(model.resolve("users.txt")).size() >= 500, "the model knows the users");
    }

    static Path runDir(Cli.Result r) {
        String[] lines = r.out().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith("run directory: "), r.out());
        return Path.of(last.substring("run directory: ".length()));
    }

    @Test
    void aRunWithADriverKillStillScoresEveryAckedMessageOnce() throws Exception {
        Cli.Result r = Cli.run(
                "run",
                "--warmup",
                "0s",
                "--scorer-warmup",
                "2000",
                "--duration",
                "20s",
                "--rate",
                "2000",
                "--generators",
                "4",
                "--model",
                model.toString(),
                "--restart-driver-at",
                "8s",
                "--results",
                tmp.toString());
        Path dir = runDir(r);
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode run = Json.MAPPER.readTree(dir.resolve("run.json").toFile());
        assertEquals("complete", run.path("status").asText());
        // who used the machine over the steady state: local nodes share it, read once; the run's daemons among the busy
        JsonNode machines = run.path("machineLoad").path("machines");
        assertEquals(1, machines.size(), run.toString());
        assertEquals("this machine", machines.get(0).path("machine").asText());
        assertEquals(
                Runtime.getRuntime().availableProcessors(),
                machines.get(0).path("cores").asInt());
        assertTrue(
                machines.get(0).path("runCores").asDouble() > 0.05,
                "ZooKeeper, Kafka, Spark and 4 generators: " + machines);
        assertTrue(
                machines.get(0).path("busyCores").asDouble()
                        >= machines.get(0).path("runCores").asDouble(),
                machines.toString());
        assertTrue(r.out().contains("cores: this machine "), r.out());
        // --restart-driver-at is a fault like any other: struck and healed, in faults.jsonl
        List<String> written = Files.readAllLines(dir.resolve("faults.jsonl"));
        assertEquals(4, written.size(), "each act after its pending line: " + String.join("\n", written));
        List<String> faults = written.stream()
                .filter(l -> !l.contains("\"outcome\":\"pending\""))
                .toList();
        assertEquals(2, faults.size(), String.join("\n", faults));
        assertTrue(
                faults.get(0).contains("\"phase\":\"inject\"") && faults.get(0).contains("\"outcome\":\"ok\""),
                faults.get(0));
        assertTrue(
                faults.get(1).contains("\"phase\":\"heal\"") && faults.get(1).contains("\"outcome\":\"restarted\""),
                faults.get(1));
        assertEquals(1, run.path("faults").size(), run.toString());
        String fault = run.path("faults").get(0).asText();
        assertTrue(
                fault.contains("kill")
                        && fault.contains("spark-driver")
                        && fault.contains("at 8.0 s")
                        && fault.contains("restart after 1.0 s"),
                fault);
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertAccountingHolds(s, 40_000);
        assertEquals(4, s.path("generatorInstances").asLong());
        // the lean generator's schedule as the broker and Spark got it: the node's message j = seq * 4 + instance is
        // intended at the start + j / 2000 s, to the microsecond
        try (var c = DriverManager.getConnection("jdbc:duckdb:");
                var st = c.createStatement();
                var rs = st.executeQuery(
                        "WITH r AS (SELECT epoch_us(timestampGenerator) AS t, seq * 4 + generatorId AS j FROM read_parquet('"
                                + dir.resolve("output")
                                + "/*.parquet')) SELECT count(DISTINCT j), max(j), max(abs(t - (SELECT min(t) FROM r) - j * 500)) FROM r")) {
            assertTrue(rs.next());
            assertEquals(40_000, rs.getLong(1));
            assertEquals(39_999, rs.getLong(2));
            assertEquals(0, rs.getLong(3), "every message intended exactly at j / rate after the first");
        }

        // everything the run produced is there
        assertTrue(Files.size(dir.resolve("progress.jsonl")) > 0);
        try (Stream<Path> parquet = Files.list(dir.resolve("output"))) {
            assertTrue(parquet.anyMatch(p -> p.toString().endsWith(".parquet")));
        }
        for (int g = 0; g < 4; g++) {
            assertTrue(Files.exists(dir.resolve("generators/gen-" + g + ".json")), "generator " + g);
        }
        for (String log : new String[] {
            "n1-zookeeper-1", "n1-kafka-0", "n2-spark-master", "n2-spark-worker-0", "n2-scorer", "n3-generator-0"
        }) {
            assertTrue(Files.size(dir.resolve("logs/" + log + ".log")) > 0, log);
        }
        assertTrue(Files.readString(dir.resolve("configs/n1/kafka-0/server.properties"))
                .contains("broker.id=0"));
        assertNothingRunning(dir);
        assertTrue(r.out().contains("0 duplicated, 0 lost"), r.out());
    }

    /**
     * Real-time mode's exactly-once: the driver is killed mid-epoch (epochs of 5 s, so some are committed before) and
     * restarted from its checkpoint; every acked message is in the Parquet once, and each row has its own read time.
     */
    @Test
    void aRealTimeRunWithADriverKillScoresEveryAckedMessageOnce() throws Exception {
        Cli.Result r = Cli.run(
                "run",
                "--processing",
                "realtime",
                "--checkpoint-interval",
                "5s",
                "--warmup",
                "0s",
                "--scorer-warmup",
                "2000",
                "--duration",
                "25s",
                "--rate",
                "2000",
                "--generators",
                "4",
                "--model",
                model.toString(),
                "--restart-driver-at",
                "13s",
                "--results",
                tmp.toString());
        Path dir = runDir(r);
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertAccountingHolds(s, 50_000);
        List<String> faults = Files.readAllLines(dir.resolve("faults.jsonl")).stream()
                .filter(l -> !l.contains("\"outcome\":\"pending\""))
                .toList();
        assertTrue(
                faults.size() == 2 && faults.get(1).contains("\"outcome\":\"restarted\""), String.join("\n", faults));
        assertTrue(
                Files.notExists(dir.resolve("output/_spark_metadata")),
                "written by the real-time sink, not the file sink");
        try (var c = DriverManager.getConnection("jdbc:duckdb:");
                var st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT count(*), count(DISTINCT timestampSpark), max(ProcessingLatency), count(DISTINCT filename)"
                                + " FROM read_parquet('" + dir.resolve("output")
                                + "/rt-e*-p*.parquet', filename = true)")) {
            assertTrue(rs.next());
            assertEquals(50_000, rs.getLong(1));
            assertTrue(
                    rs.getLong(2) > 10_000, "timestampSpark is per row, not per epoch: " + rs.getLong(2) + " distinct");
            assertTrue(rs.getLong(4) >= 3, "an epoch's file each: " + rs.getLong(4));
        }
        assertTrue(r.out().contains("0 duplicated, 0 lost"), r.out());
        assertNothingRunning(dir);
    }

    /**
     * Real-time mode as Spark means it to be used: rows to an output topic, read at once by the delivery reader on the
     * generator node. Every acked message delivered once, each with when it arrived; delivered within the epoch, not at its
     * end (the Parquet sink's rows wait for the epoch's commit).
     */
    @Test
    void aRealTimeRunToAnOutputTopicDeliversEveryAckedMessageWithItsArrivalTime() throws Exception {
        Cli.Result r = Cli.run(
                "run",
                "--processing",
                "realtime",
                "--sink",
                "kafka",
                "--checkpoint-interval",
                "5s",
                "--warmup",
                "0s",
                "--scorer-warmup",
                "2000",
                "--duration",
                "15s",
                "--rate",
                "2000",
                "--generators",
                "4",
                "--model",
                model.toString(),
                "--results",
                tmp.toString());
        Path dir = runDir(r);
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertAccountingHolds(s, 30_000);
        assertTrue(
                s.path("deliveredLatency").path("p50").asDouble() < 2.5,
                "delivered as scored, not when the 5 s epoch ends: " + s.path("deliveredLatency"));
        assertTrue(Files.notExists(dir.resolve("output/_spark_metadata")), "no file sink");
        try (var files = Files.list(dir.resolve("output"))) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".parquet"))
                    .toList();
            assertTrue(
                    !names.isEmpty() && names.stream().allMatch(n -> n.startsWith("delivered-")),
                    "the reader's files only: " + names);
        }
        assertNothingRunning(dir);
    }

    @Test
    void transformModeScoresWithTheModelsPredictionsWithTheDriverOnANodeOfItsOwnToAnOutputTopic() throws Exception {
        Cli.Result r = Cli.run(
                "run",
                "--warmup",
                "0s",
                "--scorer-warmup",
                "2000",
                "--duration",
                "10s",
                "--rate",
                "1000",
                "--generators",
                "2",
                "--mode",
                "transform",
                "--spark-master",
                "own",
                "--sink",
                "kafka",
                "--model",
                model.toString(),
                "--results",
                tmp.toString());
        Path dir = runDir(r);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertAccountingHolds(Json.MAPPER.readTree(dir.resolve("summary.json").toFile()), 10_000);
        JsonNode run = Json.MAPPER.readTree(dir.resolve("run.json").toFile());
        assertEquals(
                "transform",
                run.path("parameters").path("spark").path("scoring").asText());
        assertEquals(
                List.of("SPARK_MASTER"),
                Json.MAPPER.convertValue(run.path("nodes").path("n2").path("roles"), List.class));
        assertEquals(
                List.of("SPARK_WORKER"),
                Json.MAPPER.convertValue(run.path("nodes").path("n3").path("roles"), List.class));
        assertTrue(Files.size(dir.resolve("logs/n2-scorer.log")) > 0, "the driver ran on the master's node");
        assertTrue(Files.size(dir.resolve("logs/n3-spark-worker-0.log")) > 0);
        // the Kafka sink: what the output topic's reader on the generator node received, with when
        String reader = run.path("nodes").properties().stream()
                .filter(e -> e.getValue().path("roles").toString().contains("GENERATOR"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        assertTrue(
                Files.size(dir.resolve("logs/" + reader + "-delivery.log")) > 0,
                "the reader ran on the generator node");
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertTrue(s.path("steadyState").path("deliveredLatency").path("mean").asDouble() > 0, s.toString());
        assertTrue(Files.notExists(dir.resolve("output/_spark_metadata")), "no file sink");
        assertTrue(r.out().contains("delivered latency:"), r.out());
        assertNothingRunning(dir);
    }

    @Test
    void aMalformedRatingsFileIsNamedWithItsLine() throws Exception {
        Path bad = Files.writeString(
                tmp.resolve("bad.csv"), "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,x,3,1\n");
        Cli.Result r = Cli.run(
                "train", "--ratings", bad.toString(), "--out", tmp.resolve("m").toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains(bad + ":3: movieId is not a number in '1,x,3,1'"), r.err());
        assertFalse(Files.exists(tmp.resolve("m/model.json")));
    }

    @Test
    void nodesThatCannotBeReachedFailTheRunAndLeaveNoTrainerBehind() throws Exception {
        Path sshConfig =
                Files.writeString(tmp.resolve("ssh_config"), "Host *\n  HostName 127.0.0.1\n  Port 1\n"); // refused
        RunSpec spec = new RunSpec(
                new RunSpec.Cluster(1, 1, 1, KafkaMode.ZOOKEEPER, false),
                new RunSpec.Load(1000, Duration.ofSeconds(10), Duration.ZERO, Duration.ZERO, 0, Duration.ofSeconds(60)),
                new RunSpec.Kafka(0, 1, null, "1", Duration.ofSeconds(18), Duration.ofSeconds(30)),
                new RunSpec.Generators(1, 2, 1, 5, 65536, "none"),
                new RunSpec.Spark(
                        Processing.MICROBATCH,
                        Sink.PARQUET,
                        "broadcast",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        null,
                        2,
                        "1g",
                        "512m",
                        false,
                        0,
                        Duration.ofSeconds(1),
                        0),
                new RunSpec.Model(
                        null, new ModelSpec(null, 10, 10, 0.1, System.nanoTime())), // a model no run has: it trains
                List.of());
        Site site = new Site(
                "test hosts",
                Layout.localHosts(3),
                new SshSettings(sshConfig.toString(), Duration.ofSeconds(5)),
                tmp.resolve("scratch").toString(),
                true);
        RunDirectory dir = new RunDirectory(tmp.resolve("run"));
        PipelineRun run = new PipelineRun(
                spec, dir, TestHome.runtime(), TestHome.templates(), Json.MAPPER.createObjectNode(), site);
        run.measure();
        Outcome o = run.summarize();
        assertEquals(RunStatus.FAILED, o.status());
        assertTrue(o.reason().startsWith("preflight: 3 check(s) failed, nothing was started"), o.reason());
        for (String n : List.of("n1", "n2", "n3")) {
            assertTrue(
                    o.reason()
                            .contains(
                                    n + "           connect   com.jcraft.jsch.JSchException: java.net.ConnectException:"
                                            + " Connection refused"),
                    "one row per unreachable node: " + o.reason());
        }
        assertEquals(
                "failed",
                Json.MAPPER.readTree(dir.runJson().toFile()).path("status").asText());
        var trainers = new LocalRemote("test")
                .exec("pgrep -f 'streamscale[.]daemon=run/local/trainer'", Duration.ofSeconds(10));
        assertEquals("", trainers.stdout(), "the trainer was stopped with the run");
    }

    static void assertAccountingHolds(JsonNode s, long planned) {
        RunChecks.assertAccountingHolds(s, planned);
    }

    static void assertNothingRunning(Path dir) {
        RunChecks.assertNothingRunning(dir);
    }
}
