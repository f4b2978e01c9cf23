package io.streamscale.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.fault.FaultAction;
import io.streamscale.fault.FaultSpec;
import io.streamscale.jobs.scorer.Processing;
import io.streamscale.run.RunSpec;
import io.streamscale.scheduler.Backend;
import io.streamscale.study.SiteSettings;
import io.streamscale.testing.TestHome;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped experiments.yaml is the seed's plan, cell for cell. */
class ShippedManifestTest {
    final Manifest m = ManifestReader.read(TestHome.path().resolve("experiments.yaml"));

    @Test
    void scalingIsSevenConfigurationsAtFiveAndTenMillionPerTenMinutesThreeTimes() {
        List<Cell> cells = m.cells(m.select(List.of("scaling")));
        assertEquals(7 * 2 * 3, cells.size());
        Map<String, Long> byName =
                cells.stream().collect(Collectors.groupingBy(Cell::name, TreeMap::new, Collectors.counting()));
        assertEquals(
                Map.ofEntries(
                        Map.entry("k1s1_5Mper10m", 3L),
                        Map.entry("k1s1_10Mper10m", 3L),
                        Map.entry("k1s2_5Mper10m", 3L),
                        Map.entry("k1s2_10Mper10m", 3L),
                        Map.entry("k2s1_5Mper10m", 3L),
                        Map.entry("k2s1_10Mper10m", 3L),
                        Map.entry("k2s2_5Mper10m", 3L),
                        Map.entry("k2s2_10Mper10m", 3L),
                        Map.entry("k2s3_5Mper10m", 3L),
                        Map.entry("k2s3_10Mper10m", 3L),
                        Map.entry("k3s2_5Mper10m", 3L),
                        Map.entry("k3s2_10Mper10m", 3L),
                        Map.entry("k3s3_5Mper10m", 3L),
                        Map.entry("k3s3_10Mper10m", 3L)),
                byName);
        for (Cell c : cells) {
            assertEquals(Duration.ofMinutes(10), c.warmup().plus(c.duration()), "the seed's 10-minute runs");
            // the rate of 5M (10M) per 10 minutes, less half of the 15 s ramp at the warm-up's start
            assertEquals(
                    c.name().endsWith("_5Mper10m") ? 4_937_500 : 9_875_000,
                    RunSpec.of(c).totalMessages());
            assertEquals(true, SiteSettings.of(c).perRun(), "a preserve reservation per run, as the seed");
            assertTrue(
                    Plan.runTime(c)
                                    .plus(c.get(Schema.SCHEDULER_TEARDOWN_MARGIN))
                                    .compareTo(c.get(Schema.SCHEDULER_WALLTIME))
                            <= 0,
                    "each run fits its 15-minute reservation");
            double expected = c.name().endsWith("_5Mper10m") ? 5e6 / 600 : 1e7 / 600;
            assertEquals(expected, c.rate(), 1e-9, c.name());
            assertEquals(1, RunSpec.of(c).kafka().replicationFactor(), "the seed did not replicate");
            assertEquals(c.kafkaNodes(), RunSpec.of(c).effectivePartitions(), "a partition per broker");
            assertEquals(32, RunSpec.of(c).generators().processes());
            assertEquals("transform", RunSpec.of(c).spark().scoring());
            assertEquals(c.kafkaNodes() + c.sparkNodes() + 1, c.nodeCount());
        }
    }

    @Test
    void theLargestConfigurationAlsoRunsAtTwentyMillion() {
        List<Cell> cells = m.cells(m.select(List.of("scaling-3x3-20m")));
        assertEquals(3, cells.size());
        assertTrue(cells.stream()
                .allMatch(c -> c.kafkaNodes() == 3 && c.sparkNodes() == 3 && Math.abs(c.rate() - 2e7 / 600) < 1e-9));
    }

    @Test
    void faultExperimentsAndQuickstart() {
        for (String f : List.of("broker-fault", "broker-fault-replicated", "worker-fault", "worker-fault-replicated")) {
            List<Cell> cells = m.cells(m.select(List.of(f)));
            assertEquals(3, cells.size(), f);
            assertTrue(cells.stream()
                    .allMatch(
                            c -> c.kafkaNodes() == 3 && c.sparkNodes() == 3 && Math.abs(c.rate() - 2e7 / 600) < 1e-9));
            FaultSpec fault = cells.get(0).faults().get(0);
            assertEquals(
                    Duration.ofMinutes(5),
                    fault.firstAt(cells.get(0).warmup()),
                    "steady state: 3 min after the 2 min warm-up");
            assertEquals(FaultAction.KILL, fault.action());
            boolean survivable = f.endsWith("-replicated");
            RunSpec spec = RunSpec.of(cells.get(0));
            assertEquals(survivable ? 3 : 1, spec.kafka().replicationFactor(), f);
            assertEquals(survivable ? Integer.valueOf(2) : null, spec.kafka().minInsyncReplicas(), f);
            assertEquals(survivable ? "all" : "1", spec.kafka().acks(), f);
            assertEquals(survivable, spec.spark().superviseDriver(), f);
        }
        assertEquals(
                Duration.ofMinutes(1),
                m.cells(m.select(List.of("broker-fault")))
                        .get(0)
                        .faults()
                        .get(0)
                        .restartAfter());
        assertEquals(
                2,
                m.cells(m.select(List.of("worker-fault")))
                        .get(0)
                        .faults()
                        .get(0)
                        .select()
                        .count());
        List<Cell> quick = m.cells(m.select(List.of("quickstart")));
        assertEquals(1, quick.size());
        Cell q = quick.get(0);
        assertEquals(Backend.LOCAL, q.get(Schema.SCHEDULER_BACKEND));
        assertEquals(5000.0, q.rate());
        assertEquals(
                412_500,
                RunSpec.of(q).totalMessages(),
                "30 s of warm-up rising to the rate over its first 15 s, and a measured minute");
        assertEquals(
                List.of(
                        "quickstart",
                        "capacity-local",
                        "processing-local",
                        "scaling",
                        "scaling-3x3-20m",
                        "scale",
                        "processing-modes",
                        "engines",
                        "broker-fault",
                        "broker-fault-replicated",
                        "worker-fault",
                        "worker-fault-replicated"),
                List.copyOf(m.experiments().keySet()));
        assertEquals(
                42 + 3 + 9 + 4 * 3 + 1 + 1 + 4 + 36 + 6 * 3,
                m.cells(m.select(List.of())).size());
        // engines side by side: Spark micro-batch, Spark real-time and Flink on each node count, no Flink real-time
        List<Cell> engines = m.cells(m.select(List.of("engines")));
        assertEquals(
                List.of(
                        "k1s1_spark_processingmicrobatch",
                        "k1s1_spark_processingrealtime",
                        "k1s1_flink_processingmicrobatch",
                        "k2s2_spark_processingmicrobatch",
                        "k2s2_spark_processingrealtime",
                        "k2s2_flink_processingmicrobatch"),
                engines.stream().map(Cell::name).distinct().toList());
        assertTrue(engines.stream()
                .allMatch(c ->
                        c.faults().stream().map(f -> f.target().yaml()).toList().equals(List.of("kafka", "worker"))));
        // the modes side by side: the same cells, one in micro-batches and one in real-time mode, a configuration each
        for (String f : List.of("processing-local", "processing-modes")) {
            List<Cell> cells = m.cells(m.select(List.of(f)));
            assertEquals(
                    cells.size() / 2,
                    cells.stream()
                            .filter(c -> c.get(Schema.SPARK_PROCESSING) == Processing.REALTIME)
                            .count(),
                    f);
            assertTrue(cells.stream().allMatch(c -> "broadcast".equals(c.get(Schema.SPARK_SCORING))), f);
        }
        assertEquals(
                412_500,
                RunSpec.of(m.cells(m.select(List.of("processing-local"))).get(1))
                        .totalMessages(),
                "processing-local's cells are the README run's");
    }

    @Test
    void docsListEveryKeyWithItsDefault() throws Exception {
        String doc = Files.readString(TestHome.path().resolve("docs/manifest.md"));
        assertTrue(
                doc.contains(SchemaDoc.table()),
                "docs/manifest.md must contain this table (regenerate with SchemaDoc):\n" + SchemaDoc.table());
    }
}
