package io.streamscale.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.capacity.CapacitySearch.Probe;
import io.streamscale.capacity.CapacitySearch.Result;
import io.streamscale.capacity.CapacitySearch.Verdict;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.results.RunDirectory;
import io.streamscale.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes as runs: the configurations of an experiment, the cells a probe runs, its verdict from their summaries. */
class CapacityStudyTest {
    @TempDir
    Path tmp;

    @Test
    void anExperimentsConfigurationsAreItsCellsLessTheirLoadAndAProbeIsTheSameCellAtARate() {
        Manifest m = ManifestReader.readText("m.yaml", """
                experiments:
                  scaling:
                    warmup: 20s
                    duration: 40s
                    capacity: {from: 8000/s, precision: 0.05, maxLatency: 1500ms}
                    matrix:
                      nodes: [[1, 1], [2, 1]]
                      load: [5000/s, 10M/10m]
                """);
        List<Cell> configs = CapacityStudy.configurations(m.cells(m.select(List.of("scaling"))));
        assertEquals(
                List.of("k1s1", "k2s1"),
                configs.stream().map(Cell::configuration).toList());
        Cell probe = configs.get(1).atRate(12_345, 2, 2);
        assertEquals("k2s1_12345ps", probe.name());
        assertEquals("k2s1", probe.configuration(), "a probe is of the same configuration");
        assertEquals(12_345.0, probe.rate());
        assertEquals(2, probe.repetition());
        assertEquals(2, probe.kafkaNodes());
        assertEquals(Duration.ofSeconds(40), probe.duration(), "the experiment's warm-up and duration");
        CapacitySearch.Bounds b = CapacityStudy.bounds(probe);
        assertEquals(8000, b.from());
        assertEquals(0.05, b.precision());
        assertEquals(2.0, b.growth(), "the default");
        assertEquals(1.5, b.maxLatencySeconds(), 1e-9);
        Manifest unbounded = ManifestReader.readText("n.yaml", """
                experiments:
                  e: {capacity: {from: 8000/s}}
                """);
        assertNull(
                CapacityStudy.bounds(
                                unbounded.cells(unbounded.select(List.of("e"))).get(0))
                        .maxLatencySeconds(),
                "no bound unless asked");

        Cell ramp = CapacityRamp.rampCell(configs.get(0), Duration.ofMinutes(4), 0);
        assertEquals("k1s1_ramp_1000000ps", ramp.name(), "to capacity.max (its default here)");
        assertEquals("k1s1_ramp", ramp.configuration(), "apart from the probes in the report");
        assertEquals(1_000_000.0, ramp.rate());
        RunSpec.Load load = RunSpec.of(ramp).load();
        assertEquals(Duration.ofMinutes(4), load.ramp(), "the whole warm-up is the ramp");
        assertEquals(Duration.ofSeconds(260), load.duration(), "the ramp, then 20 s at the top");
        assertEquals(
                Math.round(1_000_000.0 * (260 - 120)), load.messages(), "half the ramp's messages, and the tail's");

        Cell stepped = CapacityRamp.rampCell(configs.get(0), Duration.ofMinutes(4), 8);
        assertEquals("k1s1_ramp_8steps_1000000ps", stepped.name());
        assertEquals("k1s1_ramp_8steps", stepped.configuration());
        RunSpec.Load steps = RunSpec.of(stepped).load();
        assertEquals(8, steps.rampSteps());
        assertEquals(
                Math.round(1_000_000.0 * (240 * 9 / 16.0 + 20)),
                steps.messages(),
                "steps of 1/8 .. 8/8 of the rate for 30 s each, then the tail");
    }

    @Test
    void aProbesVerdictComesFromItsRunsSummaries() throws Exception {
        RunDirectory s1 = run("a", "complete", "sustainable", 1.0);
        RunDirectory s2 = run("b", "complete", "sustainable", 2.0);
        RunDirectory u = run("c", "complete", "unsustainable", 30.0);
        RunDirectory inc = run("d", "complete", "inconclusive", 5.0);
        RunDirectory failed = run("e", "failed", null, null);
        Probe both = CapacityStudy.judge(100, List.of(s1, s2));
        assertEquals(Verdict.SUSTAINABLE, both.verdict());
        assertEquals(2.0, both.steadyMeanSeconds(), 1e-9, "the worst of the runs");
        assertEquals(2, both.measuredRuns());
        assertNull(both.backlogSeconds(), "not in these summaries");
        RunDirectory queued = run("q", "complete", "sustainable", 1.0);
        Files.writeString(
                queued.summaryJson(),
                Files.readString(queued.summaryJson())
                        .replace("\"verdict\"", "\"backlogAtSteadyStartSeconds\":7.5,\"verdict\""));
        RunDirectory calm = run("r", "complete", "sustainable", 1.0);
        Files.writeString(
                calm.summaryJson(),
                Files.readString(calm.summaryJson())
                        .replace("\"verdict\"", "\"backlogAtSteadyStartSeconds\":2.0,\"verdict\""));
        assertEquals(
                7.5, CapacityStudy.judge(100, List.of(calm, queued)).backlogSeconds(), 1e-9, "the most of its runs'");
        assertEquals(
                Verdict.UNSUSTAINABLE, CapacityStudy.judge(100, List.of(s1, u)).verdict(), "any unsustainable");
        assertEquals(
                Verdict.INCONCLUSIVE, CapacityStudy.judge(100, List.of(s1, inc)).verdict());
        RunDirectory slow = run("f", "complete", "inconclusive", 9.0);
        Files.writeString(
                slow.summaryJson(),
                Files.readString(slow.summaryJson())
                        .replace("\"verdict\"", "\"verdictCause\":\"latency-share\",\"verdict\""));
        assertEquals(
                Verdict.TOO_SLOW_TO_JUDGE,
                CapacityStudy.judge(100, List.of(s1, slow)).verdict(),
                "a longer probe could tell");
        assertEquals(
                Verdict.UNSUSTAINABLE,
                CapacityStudy.judge(100, List.of(slow, u)).verdict());
        RunDirectory falling = run("g", "complete", "inconclusive", 1.2);
        Files.writeString(
                falling.summaryJson(),
                Files.readString(falling.summaryJson())
                        .replace("\"verdict\"", "\"verdictCause\":\"latency-falling\",\"verdict\""));
        assertEquals(
                Verdict.KEPT_UP,
                CapacityStudy.judge(100, List.of(s1, falling)).verdict(),
                "took the load, drained a backlog");
        assertEquals(
                Verdict.INCONCLUSIVE,
                CapacityStudy.judge(100, List.of(falling, inc)).verdict(),
                "a plain inconclusive run still cannot tell");
        RunDirectory flat = run("h", "complete", "inconclusive", 13.1);
        Files.writeString(
                flat.summaryJson(),
                Files.readString(flat.summaryJson())
                        .replace("\"verdict\"", "\"verdictCause\":\"latency-share-backlog-flat\",\"verdict\""));
        assertEquals(
                Verdict.FLAT_BUT_SLOW,
                CapacityStudy.judge(100, List.of(flat)).verdict(),
                "took the load, too slowly to judge");
        assertEquals(
                Verdict.FLAT_BUT_SLOW,
                CapacityStudy.judge(100, List.of(falling, flat)).verdict(),
                "the edge, though one run drained");
        assertEquals(
                Verdict.UNSUSTAINABLE,
                CapacityStudy.judge(100, List.of(flat, u)).verdict());
        RunDirectory busy = run("i", "complete", "inconclusive", 12.0);
        Files.writeString(
                busy.summaryJson(),
                Files.readString(busy.summaryJson())
                        .replace("\"verdict\"", "\"verdictCause\":\"machine-busy\",\"verdict\""));
        assertEquals(
                Verdict.INCONCLUSIVE,
                CapacityStudy.judge(100, List.of(busy)).verdict(),
                "fell behind while other work took the machine: looked at again, not counted as unsustainable");
        Probe f = CapacityStudy.judge(100, List.of(failed));
        assertEquals(Verdict.FAILED, f.verdict());
        assertTrue(f.why().contains("e: failed: the node died"), f.why());
        assertEquals(
                Verdict.INCONCLUSIVE,
                CapacityStudy.judge(100, List.of(s1, failed)).verdict(),
                "half measured: cannot tell");
        assertEquals(
                Verdict.FAILED,
                CapacityStudy.judge(100, List.of(new RunDirectory(tmp.resolve("never"))))
                        .verdict());
    }

    @Test
    void theLatencyBoundAppliesToTheWorstRepetitionNotTheirAverage() throws Exception {
        // two repetitions at 1.5 s and 2.5 s: their average, 2.0 s, is within a 2 s bound; the slower one is not
        List<RunDirectory> reps =
                List.of(run("fast", "complete", "sustainable", 1.5), run("slow", "complete", "sustainable", 2.5));
        Probe p = CapacityStudy.judge(8000, reps);
        assertEquals(2.5, p.steadyMeanSeconds(), 1e-9);
        CapacitySearch.Bounds within2s = new CapacitySearch.Bounds(8000, 8000, 8000, 2, 0.05, 4, 2.0);
        Result bounded = CapacitySearch.run(within2s, rate -> CapacityStudy.judge(rate, reps));
        assertEquals(CapacitySearch.Status.BELOW_MIN, bounded.status(), "not sustained: " + bounded);
        assertTrue(bounded.note().contains("in any of its repetitions"), bounded.note());

        CapacitySearch.Bounds looser = new CapacitySearch.Bounds(8000, 8000, 8000, 2, 0.05, 4, 3.0);
        Result within3s = CapacitySearch.run(looser, rate -> CapacityStudy.judge(rate, reps));
        assertEquals(CapacitySearch.Status.ABOVE_MAX, within3s.status(), within3s.toString());
        assertEquals(
                "k1s1: sustains at least 8000 msg/s at 2.50 s mean event latency (worst of 2 repetitions) (the search's"
                        + " maximum); 1 probe(s)",
                new CapacityAnswer("k1s1", 2, looser, within3s).describe());
    }

    private RunDirectory run(String name, String status, String verdict, Double mean) throws Exception {
        RunDirectory d = new RunDirectory(tmp.resolve(name));
        Files.createDirectories(d.root());
        Files.writeString(
                d.runJson(),
                "{\"status\":\"" + status + "\"" + (status.equals("failed") ? ",\"reason\":\"the node died\"" : "")
                        + "}");
        if (verdict != null) {
            Files.writeString(
                    d.root().resolve("summary.json"),
                    "{\"steadyState\":{\"verdict\":\"" + verdict + "\",\"verdictReason\":\"why " + verdict
                            + "\",\"eventLatency\":{\"mean\":" + mean + "}}}");
        }
        return d;
    }
}
