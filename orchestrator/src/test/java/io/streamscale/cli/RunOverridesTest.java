package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Key;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestException;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.manifest.Schema;
import io.streamscale.model.ModelSpec;
import io.streamscale.run.RunSpec;
import io.streamscale.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One front door: run's options are a one-cell manifest, with the Schema's defaults and checks. */
class RunOverridesTest {
    @TempDir
    Path tmp;

    static Cell cellOf(String settings) {
        Manifest m = ManifestReader.readText("test", "experiments:\n  x:\n" + settings.indent(4));
        return m.cells(m.select(List.of("x"))).get(0);
    }

    @Test
    void aRuleBrokenOnTheCommandLineIsRefusedWithTheManifestsMessageBeforeAnythingStarts() {
        Path results = tmp.resolve("results");
        Cli.Result r = Cli.run("run", "--zookeeper", "3", "--kafka", "1", "--results", results.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        ManifestException fromManifest =
                assertThrows(ManifestException.class, () -> cellOf("nodes: [1, 1]\nkafka: {zookeeperNodes: 3}"));
        String message = fromManifest.errors().get(0).message();
        assertEquals(
                "ZooKeeper runs on the Kafka nodes: 1 to 1 ZooKeeper nodes are possible, 3 were asked for", message);
        assertTrue(r.err().contains("invalid run:\n  --zookeeper: " + message), r.err());
        assertFalse(Files.exists(results), "nothing started, no run directory");

        Cli.Result rule =
                Cli.run("run", "--replication", "3", "--min-insync-replicas", "4", "--results", results.toString());
        assertEquals(2, rule.exit());
        assertTrue(
                rule.err().contains("--replication: replication factor 3 needs at least 3 brokers, this cell has 1"),
                rule.err());
        assertTrue(
                rule.err().contains("--min-insync-replicas: min.insync.replicas 4 exceeds the replication factor 3"),
                "every broken rule named: " + rule.err());
        Cli.Result type = Cli.run("run", "--acks", "most", "--worker-memory", "lots", "--results", results.toString());
        assertEquals(2, type.exit());
        assertTrue(type.err().contains("--acks: 'most' is not one of 0, 1, all"), type.err());
        assertTrue(type.err().contains("--worker-memory: "), type.err());

        Cli.Result late =
                Cli.run("run", "--duration", "10s", "--restart-driver-at", "50s", "--results", results.toString());
        assertEquals(2, late.exit());
        assertTrue(
                late.err()
                        .contains(
                                "--restart-driver-at: at 50.0 s after the load starts is beyond the load (40.0 s with the warm-up)"),
                late.err());
    }

    @Test
    void theOptionsDefaultsAreTheSchemas() {
        Cli.Result help = Cli.run("run", "--help");
        assertEquals(0, help.exit());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("(default: 32, as the seed's 32 processes)"), help.out());
        assertTrue(text.contains("after --warmup (default: 60s)"), help.out());
        assertTrue(text.contains("messages/s (default: 5000)"), help.out());
        RunOverrides.Defaults d = new RunOverrides.Defaults();
        var spec = Main.commandLine().getSubcommands().get("run").getCommandSpec();
        assertEquals("1", d.defaultValue(spec.findOption("--kafka")));
        assertEquals(
                String.valueOf(Schema.key("spark.workerMemory").defaultValue()),
                d.defaultValue(spec.findOption("--worker-memory")));
    }

    @Test
    void withoutOptionsTheRunIsTheSchemasDefaults() {
        Manifest m = ManifestReader.readText(RunOverrides.LABEL, RunOverrides.yaml(Map.of(), List.of()));
        RunSpec s =
                RunSpec.of(m.cells(m.select(List.of(RunOverrides.EXPERIMENT))).get(0));
        assertEquals(1, s.cluster().kafka());
        assertEquals(1, s.cluster().spark());
        assertEquals(5000.0, s.load().rate());
        assertEquals(Duration.ofSeconds(30), s.load().warmup(), "a warm-up, then the measured minute");
        assertEquals(Duration.ofSeconds(90), s.load().duration());
        assertEquals(32, s.generators().processes());
        assertEquals(ModelSpec.DEFAULT, s.model().training());
    }

    @Test
    void theOptionsBecomeTheCellsSettings() throws Exception {
        // a ratings file must exist (it is checked before anything is reserved); its name needs quoting in YAML
        String ratings = Files.writeString(tmp.resolve("my \"ratings\".csv"), "userId,movieId,rating,timestamp\n")
                .toString();
        String yaml = RunOverrides.yaml(
                Map.of(
                        "--kafka",
                        3,
                        "--rate",
                        20000.0,
                        "--acks",
                        "all",
                        "--trigger",
                        Duration.ofMillis(500),
                        "--ratings",
                        ratings),
                List.of());
        Manifest m = ManifestReader.readText(RunOverrides.LABEL, yaml);
        Cell c = m.cells(m.select(List.of(RunOverrides.EXPERIMENT))).get(0);
        RunSpec s = RunSpec.of(c);
        assertEquals(3, s.cluster().kafka());
        assertEquals(1, s.cluster().spark(), "the Schema's default for the half not given");
        assertEquals(20000.0, s.load().rate());
        assertEquals("all", s.kafka().acks());
        assertEquals(Duration.ofMillis(500), s.spark().trigger());
        // durations reach the run exactly (2m, 90s: not the rounded "2 min 0 s" people read)
        List<Duration> ds = List.of(
                Duration.ofMinutes(2),
                Duration.ofSeconds(90),
                Duration.ofHours(1).plusMillis(1),
                Duration.ofMillis(250),
                Duration.ofMillis(10));
        for (int i = 0; i < 3; i++) {
            Duration d = ds.get(i);
            Duration t = ds.get(i + 2);
            Manifest md = ManifestReader.readText(
                    RunOverrides.LABEL, RunOverrides.yaml(Map.of("--duration", d, "--trigger", t), List.of()));
            RunSpec sd = RunSpec.of(
                    md.cells(md.select(List.of(RunOverrides.EXPERIMENT))).get(0));
            assertEquals(d, sd.load().duration().minus(sd.load().warmup()), "--duration " + d + " exactly");
            assertEquals(t, sd.spark().trigger(), "--trigger " + t + " exactly");
        }
        assertEquals(ratings, s.model().training().ratings());
    }

    /**
     * Every key that configures a run reaches the run: setting it to something other than its default changes the
     * RunSpec (the kind of drift where model.rank was validated and recorded but never reached the trainer fails here).
     * Keys that configure something else are listed with what they configure.
     */
    @Test
    void everySchemaKeyReachesWhatItConfigures() throws Exception {
        String ratingsFile = Files.writeString(tmp.resolve("r.csv"), "userId,movieId,rating,timestamp\n")
                .toString();
        Map<String, String> elsewhere = Map.ofEntries(
                Map.entry("description", "the study's text (plan, report)"),
                        Map.entry("repetitions", "how many runs a cell has"),
                Map.entry("scratch", "SiteSettings"), Map.entry("sharedFilesystem", "SiteSettings"),
                Map.entry("capacity.from", "the capacity search"), Map.entry("capacity.min", "the capacity search"),
                Map.entry("capacity.max", "the capacity search"), Map.entry("capacity.growth", "the capacity search"),
                Map.entry("capacity.precision", "the capacity search"),
                        Map.entry("capacity.maxProbes", "the capacity search"),
                Map.entry("capacity.maxLatency", "the capacity search"),
                        Map.entry("capacity.repetitions", "the capacity search"));
        // each key, a value other than its default, and where in the run's settings (run.json parameters) it lands
        Map<String, String[]> other = Map.ofEntries(
                Map.entry("nodes", new String[] {"[3, 3]", "/cluster/kafka"}),
                Map.entry("load", new String[] {"777/s", "/load/rate"}),
                Map.entry("duration", new String[] {"2m", "/load/duration"}),
                Map.entry("warmup", new String[] {"10s", "/load/warmup"}),
                Map.entry("rampUp", new String[] {"5s", "/load/ramp"}),
                Map.entry("rampSteps", new String[] {"4", "/load/rampSteps"}),
                Map.entry("kafka.mode", new String[] {"kraft", "/cluster/kafkaMode"}),
                Map.entry("kafka.auth", new String[] {"scram", "/kafka/auth"}),
                Map.entry("kafka.zookeeperNodes", new String[] {"1", "/cluster/zookeeper"}),
                Map.entry("kafka.partitions", new String[] {"4", "/kafka/partitions"}),
                Map.entry("kafka.replicationFactor", new String[] {"2", "/kafka/replicationFactor"}),
                Map.entry("kafka.minInsyncReplicas", new String[] {"1", "/kafka/minInsyncReplicas"}),
                Map.entry("kafka.acks", new String[] {"all", "/kafka/acks"}),
                Map.entry("kafka.sessionTimeout", new String[] {"7s", "/kafka/sessionTimeout"}),
                Map.entry("kafka.clientTimeout", new String[] {"4s", "/kafka/clientTimeout"}),
                Map.entry("engine", new String[] {"flink", "/cluster/engine"}),
                Map.entry("flink.checkpointInterval", new String[] {"3s", "/spark/flinkCheckpointInterval"}),
                Map.entry("spark.workerCores", new String[] {"3", "/spark/workerCores"}),
                Map.entry("spark.master", new String[] {"own", "/cluster/ownMaster"}),
                Map.entry("spark.workerMemory", new String[] {"3g", "/spark/workerMemory"}),
                Map.entry("spark.executorMemory", new String[] {"700m", "/spark/executorMemory"}),
                Map.entry("spark.trigger", new String[] {"2s", "/spark/trigger"}),
                Map.entry("spark.processing", new String[] {"realtime", "/spark/processing"}),
                Map.entry("spark.sink", new String[] {"kafka", "/spark/sink"}),
                Map.entry("spark.checkpointInterval", new String[] {"7s", "/spark/checkpointInterval"}),
                Map.entry("spark.maxOffsetsPerTrigger", new String[] {"99", "/spark/maxOffsetsPerTrigger"}),
                Map.entry("spark.scoring", new String[] {"transform", "/spark/scoring"}),
                Map.entry("spark.parallelism", new String[] {"16", "/spark/parallelism"}),
                Map.entry("generators.nodes", new String[] {"2", "/generators/nodes"}),
                Map.entry("generators.processes", new String[] {"3", "/generators/processes"}),
                Map.entry("generators.producers", new String[] {"4", "/generators/producers"}),
                Map.entry("generators.lingerMs", new String[] {"9", "/generators/lingerMs"}),
                Map.entry("generators.batchSize", new String[] {"1024", "/generators/batchSize"}),
                Map.entry("generators.compression", new String[] {"lz4", "/generators/compression"}),
                Map.entry("model.ratings", new String[] {ratingsFile, "/model/training/ratings"}),
                Map.entry("model.path", new String[] {"/tmp/m", "/model/path"}),
                Map.entry("model.rank", new String[] {"12", "/model/training/rank"}),
                Map.entry("model.iterations", new String[] {"4", "/model/training/iterations"}),
                Map.entry("model.regParam", new String[] {"0.05", "/model/training/regParam"}),
                Map.entry("model.seed", new String[] {"7", "/model/training/seed"}),
                Map.entry("faults", new String[] {"[{at: 5s, action: kill, target: spark-worker}]", "/faults"}),
                Map.entry("spark.superviseDriver", new String[] {"true", "/spark/superviseDriver"}),
                Map.entry("spark.warmupMessages", new String[] {"7", "/spark/warmupMessages"}),
                Map.entry("drainTimeout", new String[] {"30s", "/load/drainTimeout"}));
        JsonNode base = Json.MAPPER.valueToTree(RunSpec.of(cellOf("nodes: [2, 3]\nkafka: {zookeeperNodes: 2}")));
        for (Key k : Schema.KEYS) {
            if (elsewhere.containsKey(k.path()) || k.path().startsWith("scheduler.")) {
                continue;
            }
            assertTrue(other.containsKey(k.path()), "a new key: say here what it configures, " + k.path());
            String value = other.get(k.path())[0];
            String where = other.get(k.path())[1];
            String[] parts = k.path().split("\\.");
            String setting =
                    parts.length == 1 ? k.path() + ": " + value : parts[0] + ": {" + parts[1] + ": " + value + "}";
            String cell = (k.path().equals("nodes") ? "" : "nodes: [2, 3]\n")
                    + (k.path().startsWith("kafka.") ? "" : "kafka: {zookeeperNodes: 2}\n")
                    + setting;
            if (k.path().startsWith("kafka.") && !k.path().equals("kafka.zookeeperNodes")) {
                cell = "nodes: [2, 3]\nkafka: {zookeeperNodes: 2, " + parts[1] + ": " + value + "}";
            }
            if (k.path().equals("model.path")) {
                cell = "nodes: [2, 3]\nkafka: {zookeeperNodes: 2}\nmodel: {path: /tmp/m}";
            }
            JsonNode changed = Json.MAPPER.valueToTree(RunSpec.of(cellOf(cell)));
            assertNotEquals(
                    base.at(where), changed.at(where), k.path() + " set to " + value + " does not reach " + where);
            assertFalse(changed.at(where).isMissingNode(), where);
        }
        Set<String> covered = new HashSet<>(other.keySet());
        covered.addAll(elsewhere.keySet());
        Schema.KEYS.stream()
                .map(Key::path)
                .filter(p -> !p.startsWith("scheduler."))
                .forEach(p -> assertTrue(covered.contains(p), p));
    }
}
