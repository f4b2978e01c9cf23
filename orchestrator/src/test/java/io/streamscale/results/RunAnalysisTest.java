package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows, percentiles, steady state and accounting of synthetic Parquet runs whose answers are known. */
class RunAnalysisTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 100 msg/s for 60 s: message i intended at i x 10 ms; in every 10 s window, latencies 1.0..1.9 s, 100 of each. */
    static final SyntheticRun KNOWN =
            SyntheticRun.flat(6000, 100).generators(2).withLatency("1 + (i % 10) * 0.1", "ev / 2");

    @TempDir
    Path tmp;

    @Test
    void windowsHoldTheExactCountsMeansVariancesAndPercentiles() throws Exception {
        RunDirectory dir = KNOWN.write(tmp.resolve("run"));
        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        List<Window> in = a.windows().stream().filter(w -> w.rows() > 0).toList();
        assertEquals(6, in.size(), "60 s of input in 10 s windows: " + a.windows());
        for (Window w : in) {
            assertEquals(1000, w.rows());
            assertEquals(100.0, w.inputPerSecond(), 1e-9);
            assertEquals(1.45, w.event().mean(), 1e-9);
            assertEquals(0.0825 * 1000 / 999, w.event().variance(), 1e-9, "sample variance of 1.0..1.9, 100 each");
            assertEquals(1.45, w.event().p50(), 1e-9, "between the 500th (1.4) and 501st (1.5) of 1000");
            assertEquals(1.9, w.event().p95(), 1e-9);
            assertEquals(1.9, w.event().p99(), 1e-9);
            assertEquals(1.9, w.event().max(), 1e-9);
            assertEquals(0.725, w.processing().mean(), 1e-9);
            assertEquals(0.95, w.processing().max(), 1e-9);
            assertEquals(0.002, w.ingest().mean(), 1e-9, "Kafka 2 ms after the generator");
        }
        // output by processed time (intended + latency), counted independently here
        long[] out = new long[8];
        for (int i = 0; i < 6000; i++) {
            long processedMicros = i * 10_000L + Math.round((1 + (i % 10) * 0.1) * 1e6);
            out[(int) (processedMicros / 10_000_000L)]++;
        }
        for (Window w : a.windows()) {
            assertEquals(out[(int) Math.round(w.t() / 10)], w.outputRows(), "output in the window at " + w.t() + " s");
        }
        assertEquals(6000, a.windows().stream().mapToLong(Window::outputRows).sum());
        assertEquals(6000, a.event().count());
        assertEquals(1.45, a.event().mean(), 1e-9);
        assertEquals(new Accounting(6000, 6000, 0, 6000, 6000, 0, 0, 0, 0L, Accounting.FROM_SETS), a.accounting());
        assertTrue(a.valid(), a.invalidBecause());

        WindowsCsv.write(dir.windowsCsv(), a.windows(), a.steady());
        List<String> csv = Files.readAllLines(dir.windowsCsv());
        assertEquals(WindowsCsv.HEADER, csv.get(0));
        assertEquals(a.windows().size() + 1, csv.size());
        assertTrue(
                csv.get(1).startsWith(Instant.ofEpochSecond(0, KNOWN.startMicros() * 1000) + ",0,steady,1000,"),
                csv.get(1));
        assertTrue(csv.get(1).contains(",1.450000,0.082583,1.450000,1.900000,1.900000,1.900000,"), csv.get(1));
    }

    @Test
    void theSteadyStateLeavesOutTheWarmupOrTheSeedsTrim() {
        SyntheticRun warm = KNOWN.withLatency("CASE WHEN t < 20 THEN 5.0 ELSE 1 + (i % 10) * 0.1 END", "ev / 2")
                .in("e", "c", 1, 20);
        RunDirectory dir = warm.write(tmp.resolve("warm"));
        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        assertEquals(4000, a.event().count(), "rows generated in [20 s, 60 s)");
        assertEquals(1.45, a.event().mean(), 1e-9, "the 5 s warm-up rows are left out");
        assertEquals(5.0, a.windows().get(0).event().mean(), 1e-9);
        ReportOptions seed = new ReportOptions(
                ReportOptions.DEFAULT.window(),
                SteadyState.Trim.SEED,
                Sustainability.Thresholds.DEFAULT,
                ReportOptions.DEFAULT.maxBehind(),
                "256MB",
                false,
                0.05,
                0.10);
        RunAnalysis s = RunAnalysis.of(dir, seed);
        assertEquals(4500, s.event().count(), "[12 s, 57 s): 20% and 5% of 60 s left out");
        assertEquals(
                (800 * 5.0 + 3700 * 1.45) / 4500,
                s.event().mean(),
                1e-6,
                "8 s of warm-up rows stay in with the seed's trim");
        assertEquals(KNOWN.startMicros() + 12_000_000, s.steady().fromMicros());
        assertEquals(KNOWN.startMicros() + 57_000_000, s.steady().toMicros());
    }

    @Test
    void aRunWhoseClockOffsetsAreTooUncertainForItsLatenciesIsFlagged() throws Exception {
        RunDirectory dir = KNOWN.write(tmp.resolve("clocks"));
        ObjectNode run = (ObjectNode) JSON.readTree(dir.runJson().toFile());
        ObjectNode clocks = run.putObject("clockOffsets");
        clocks.putObject("n1").put("offsetMillis", 0.1).put("boundMillis", 0.3);
        clocks.putObject("n3").put("offsetMillis", -4.0).put("boundMillis", 90.0);
        JSON.writeValue(dir.runJson().toFile(), run);

        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        assertEquals(
                "the clock offset of n3 is known only to ±90.0 ms (each over 5.0% of the steady mean event latency, 72.5 ms):"
                        + " latencies that mix nodes' clocks are uncertain by that much",
                a.clockCaveat(), "90 ms of a 1.45 s mean");
        JsonNode report = RunReportJson.of(a, ReportOptions.DEFAULT);
        assertEquals("n3", report.path("clock").path("node").asText());
        assertEquals(90.0, report.path("clock").path("widestBoundMillis").asDouble(), 1e-9);
        assertEquals(a.clockCaveat(), report.path("clock").path("caveat").asText());

        clocks.putObject("n3").put("offsetMillis", -1.0).put("boundMillis", 2.0);
        JSON.writeValue(dir.runJson().toFile(), run);
        RunAnalysis fine = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        assertNull(fine.clockCaveat(), "2 ms of 1.45 s is well within 5%");
        assertTrue(RunReportJson.of(fine, ReportOptions.DEFAULT)
                .path("clock")
                .path("caveat")
                .isNull());
        assertNull(
                RunAnalysis.of(KNOWN.write(tmp.resolve("one-clock")), ReportOptions.DEFAULT)
                        .clockCaveat(),
                "no offsets: one clock");

        clocks.putObject("n3").put("failed", "could not read the jvm clock: no answer within 30 s");
        JSON.writeValue(dir.runJson().toFile(), run);
        assertEquals(
                "the clock of n3 could not be read (run.json says why): what it stamped is not corrected",
                RunAnalysis.of(dir, ReportOptions.DEFAULT).clockCaveat());
    }

    /**
     * The generators' node n1 reads +500 ms before the load and +700 ms after the drain (applied: +600 ms, their mean);
     * n2, which scores every row, runs the driver and the broker, reads +100 ms both times. Event latency is corrected by
     * n2's less n1's (+0.5 s), processing latency by n2's less the driver's (0), ingest by the broker's less n1's (+0.5 s).
     */
    @Test
    void offsetsMeasuredBeforeAndAfterAreAppliedToEachRowByTheNodesThatStampedIt() throws Exception {
        RunDirectory dir = KNOWN.write(tmp.resolve("shifted"));
        ObjectNode run = (ObjectNode) JSON.readTree(dir.runJson().toFile());
        run.putObject("clockOffsets")
                .<ObjectNode>set(
                        "n1",
                        JSON.createObjectNode()
                                .put("offsetMillis", 500.0)
                                .put("boundMillis", 0.2)
                                .put("clock", "jvm"))
                .putObject("n2")
                .put("offsetMillis", 100.0)
                .put("boundMillis", 0.2)
                .put("clock", "jvm");
        run.putObject("clockOffsetsAfter")
                .<ObjectNode>set(
                        "n1", JSON.createObjectNode().put("offsetMillis", 700.0).put("boundMillis", 0.4))
                .putObject("n2")
                .put("offsetMillis", 100.0)
                .put("boundMillis", 0.2);
        JSON.writeValue(dir.runJson().toFile(), run);

        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        RunAnalysis plain = RunAnalysis.of(KNOWN.write(tmp.resolve("plain")), ReportOptions.DEFAULT);
        assertEquals(
                plain.event().count(),
                a.event().count(),
                "the same rows in the steady state: windows moved with the rows");
        assertEquals(
                plain.steady().fromMicros() - 600_000,
                a.steady().fromMicros(),
                "the load's start on the orchestrator's clock");
        assertEquals(1.45 + 0.5, a.event().mean(), 1e-9);
        assertEquals(1.9 + 0.5, a.event().max(), 1e-9);
        assertEquals(0.725, a.processing().mean(), 1e-9, "stamped by n2 at both ends");
        assertEquals(0.002 + 0.5, a.ingest().mean(), 1e-9, "broker n2 less generator n1");
        assertEquals(plain.accounting(), a.accounting());

        ClockCorrection c = a.in().clocks();
        assertEquals(600.0, c.nodes().get("n1").appliedMillis(), 1e-9);
        assertEquals(200.0, c.nodes().get("n1").driftMillis(), 1e-9);
        assertEquals(0.4, c.nodes().get("n1").boundMillis(), 1e-9);
        assertEquals("n2", c.driver());
        assertEquals(List.of("n2"), c.brokers());
        assertEquals(
                "n1's clock is +600.0 ms off the orchestrator's (corrected); n1's clock drifted +200.0 ms between the readings"
                        + " before the load and after the drain; n2's clock is +100.0 ms off the orchestrator's (corrected) (each over 5.0% of"
                        + " the steady mean event latency, 97.5 ms): latencies that mix nodes' clocks are uncertain by that much",
                a.clockCaveat());

        ObjectNode summary = RunSummary.of(dir, null, null);
        assertEquals(
                1.95,
                summary.path("steadyState").path("eventLatency").path("mean").asDouble(),
                1e-9);
        assertEquals(
                600.0,
                summary.path("clockCorrection")
                        .path("nodes")
                        .path("n1")
                        .path("appliedMillis")
                        .asDouble(),
                1e-9);
        assertEquals(
                200.0,
                summary.path("clockCorrection")
                        .path("nodes")
                        .path("n1")
                        .path("driftMillis")
                        .asDouble(),
                1e-9);
        assertEquals(0, summary.path("nonPositiveEventLatencies").asLong());
        assertEquals(0, summary.path("eventLatencyInconsistent").asLong());
    }

    /** In real-time mode timestampSpark is stamped in the task, on the scoring node: processing latency needs no correction. */
    @Test
    void inRealTimeModeProcessingLatencyIsStampedByOneNode() throws Exception {
        RunDirectory dir = KNOWN.write(tmp.resolve("realtime"));
        ObjectNode run = (ObjectNode) JSON.readTree(dir.runJson().toFile());
        ((ObjectNode) run.path("parameters")).putObject("spark").put("processing", "realtime");
        run.putObject("nodes")
                .<ObjectNode>set(
                        "n1",
                        JSON.createObjectNode()
                                .set("roles", JSON.createArrayNode().add("GENERATOR")))
                .<ObjectNode>set(
                        "n2",
                        JSON.createObjectNode()
                                .set(
                                        "roles",
                                        JSON.createArrayNode()
                                                .add("SPARK_WORKER")
                                                .add("KAFKA")))
                .set(
                        "n3",
                        JSON.createObjectNode()
                                .set("roles", JSON.createArrayNode().add("SPARK_MASTER")));
        run.putObject("clockOffsets")
                .<ObjectNode>set(
                        "n1", JSON.createObjectNode().put("offsetMillis", 0.0).put("boundMillis", 0.1))
                .<ObjectNode>set(
                        "n2", JSON.createObjectNode().put("offsetMillis", 30.0).put("boundMillis", 0.1))
                .putObject("n3")
                .put("offsetMillis", -50.0)
                .put("boundMillis", 0.1);
        JSON.writeValue(dir.runJson().toFile(), run);
        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        assertEquals(1.45 - 0.03, a.event().mean(), 1e-9);
        assertEquals(0.725, a.processing().mean(), 1e-9, "the driver n3's -50 ms stamps nothing in real-time mode");
        assertTrue(a.in().realtime());
    }

    @Test
    void lostDuplicatedAndNanRowsAreCounted() {
        SyntheticRun lossy = KNOWN.withLoss("i % 100 = 7", "i % 250 = 3");
        RunAnalysis a = RunAnalysis.of(lossy.write(tmp.resolve("lossy")), ReportOptions.DEFAULT);
        assertEquals(
                new Accounting(6000, 6000, 0, 5940 + 24, 5940, 24, 60, 0, 0L, Accounting.FROM_SETS), a.accounting());
    }

    @Test
    void aLostAckedMessageIsNotMaskedByAScoredOneWhoseAckFailed() throws Exception {
        // message i = 7 (generator 1, seq 3) acked but never scored; i = 10 (generator 0, seq 5) scored though its ack
        // failed
        RunDirectory dir = KNOWN.withLoss("i = 7", null).write(tmp.resolve("masked"));
        Path gen0 = dir.generators().resolve("gen-0.json");
        ObjectNode g = (ObjectNode) JSON.readTree(gen0.toFile());
        g.put("acked", 2999).put("failed", 1);
        g.putArray("ackedRanges")
                .add(JSON.createArrayNode().add(0).add(4))
                .add(JSON.createArrayNode().add(6).add(2999));
        JSON.writeValue(gen0.toFile(), g);

        Accounting sets = RunAnalysis.of(dir, ReportOptions.DEFAULT).accounting();
        assertEquals(
                new Accounting(6000, 5999, 1, 5999, 5999, 0, 1, 0, 1L, Accounting.FROM_SETS),
                sets,
                "5999 acked, 5998 of them scored: one lost; one scored that was never acked");
        JsonNode summary = RunSummary.of(dir, null, null);
        assertEquals(1, summary.path("lost").asLong());
        assertEquals(1, summary.path("scoredNotAcked").asLong());
        assertEquals("sets", summary.path("lostFrom").asText());
        JsonNode report = RunReportJson.of(RunAnalysis.of(dir, ReportOptions.DEFAULT), ReportOptions.DEFAULT);
        assertEquals(1, report.path("accounting").path("lost").asLong());
        assertEquals(1, report.path("accounting").path("scoredNotAcked").asLong());

        // the same run as summaries written before acked seqs were recorded: acked − distinct = 5999 − 5999 hides the
        // loss
        for (Path p : Files.newDirectoryStream(dir.generators(), "gen-*.json")) {
            ObjectNode old = (ObjectNode) JSON.readTree(p.toFile());
            old.remove("ackedRanges");
            JSON.writeValue(p.toFile(), old);
        }
        Accounting counts = RunAnalysis.of(dir, ReportOptions.DEFAULT).accounting();
        assertEquals(new Accounting(6000, 5999, 1, 5999, 5999, 0, 0, 0, null, Accounting.FROM_COUNTS), counts);
        JsonNode oldSummary = RunSummary.of(dir, null, null);
        assertEquals("counts", oldSummary.path("lostFrom").asText());
        assertTrue(oldSummary.path("scoredNotAcked").isNull(), "unknown without the sets");
    }

    @Test
    void aRunWhoseGeneratorFellBehindIsInvalid() throws Exception {
        RunDirectory dir = KNOWN.write(tmp.resolve("behind"));
        Path gen = dir.generators().resolve("gen-1.json");
        Files.writeString(
                gen,
                Files.readString(gen)
                        .replace("\"behindScheduleMicrosP99\" : 2000", "\"behindScheduleMicrosP99\" : 2500000"));
        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        assertEquals(Verdict.INVALID, a.sustainability().verdict());
        assertTrue(
                a.invalidBecause()
                        .contains(
                                "the generator fell behind its schedule: p99 2.50 s on generator 1 (n1); limit 1.00 s"),
                a.invalidBecause());
        assertNull(RunAnalysis.of(KNOWN.write(tmp.resolve("fine")), ReportOptions.DEFAULT)
                .invalidBecause());
    }

    @Test
    void aRunFarAboveCapacityIsUnsustainableEvenWhenTheGeneratorFellBehindToo() throws Exception {
        // latency rising 0.05 s per second and the generator 2.5 s behind (the broker pushed back, or the machine was
        // full)
        SyntheticRun rising = SyntheticRun.flat(30_000, 100)
                .withLatency("1 + 0.05 * t + ((hash(i) % 1000) / 1000.0 - 0.5)", "0.5")
                .in("e", "overloaded", 1, 20);
        RunDirectory dir = rising.write(tmp.resolve("overloaded"));
        for (Path gen : Files.newDirectoryStream(dir.generators(), "gen-*.json")) {
            Files.writeString(
                    gen,
                    Files.readString(gen)
                            .replace("\"behindScheduleMicrosP99\" : 2000", "\"behindScheduleMicrosP99\" : 2500000"));
        }
        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        assertEquals(
                Verdict.UNSUSTAINABLE,
                a.sustainability().verdict(),
                a.sustainability().reason());
        assertTrue(
                a.sustainability().reason().contains("the generator fell behind its schedule: p99 2.50 s"),
                a.sustainability().reason());
        assertNull(a.invalidBecause(), "a verdict, not a refusal");
        assertTrue(a.valid());
    }

    @Test
    void aRisingSeriesIsUnsustainableAndAFlatNoisyOneSustainable() {
        SyntheticRun flat = SyntheticRun.flat(30_000, 100).in("e", "flat", 1, 20);
        RunAnalysis f = RunAnalysis.of(flat.write(tmp.resolve("flat")), ReportOptions.DEFAULT);
        assertEquals(
                Verdict.SUSTAINABLE,
                f.sustainability().verdict(),
                f.sustainability().reason());
        assertTrue(
                Math.abs(f.sustainability().latencyTrend().slope()) < 0.001,
                f.sustainability().reason());

        // latency rising 0.05 s per second of load: output falls behind input
        SyntheticRun rising = SyntheticRun.flat(30_000, 100)
                .withLatency("1 + 0.05 * t + ((hash(i) % 1000) / 1000.0 - 0.5)", "0.5")
                .in("e", "rising", 1, 20);
        RunAnalysis r = RunAnalysis.of(rising.write(tmp.resolve("rising")), ReportOptions.DEFAULT);
        assertEquals(
                Verdict.UNSUSTAINABLE,
                r.sustainability().verdict(),
                r.sustainability().reason());
        assertEquals(0.05, r.sustainability().latencyTrend().slope(), 0.002);
        assertTrue(
                r.sustainability().reason().startsWith("latency keeps rising and the backlog grows"),
                r.sustainability().reason());
        assertTrue(
                r.sustainability().backlogGrowthFraction() > 0.03,
                "backlog grows ~5% of the rate: " + r.sustainability().reason());
    }

    @Test
    void aFaultsCostIsItsPeakRecoveryAndTheMessagesItLost() throws Exception {
        // warm-up 10 s; a strike at 30 s: latency jumps to 10 s and falls 0.4 s per second until 50 s; [45 s, 46 s)
        // lost
        SyntheticRun fault = KNOWN.withLatency(
                        "CASE WHEN t >= 30 AND t < 50 THEN 10.0 - (t - 30) * 0.4 ELSE 1.0 END", "0.5")
                .withLoss("t >= 45 AND t < 46", "t >= 52 AND t < 53")
                .in("e", "fault", 1, 10);
        RunDirectory dir = fault.write(tmp.resolve("fault"));
        Instant strike = Instant.ofEpochSecond(0, (fault.startMicros() + 30_000_000) * 1000);
        Files.writeString(
                dir.faults(),
                "{\"time\":\"" + strike + "\",\"sinceLoadStartMillis\":30000,\"fault\":0,\"occurrence\":0,"
                        + "\"phase\":\"inject\",\"action\":\"kill\",\"target\":\"kafka\",\"node\":\"n1\",\"service\":\"kafka-0\",\"outcome\":\"ok\"}\n"
                        + "{\"time\":\"" + strike.plusSeconds(10)
                        + "\",\"phase\":\"heal\",\"action\":\"kill\",\"node\":\"n1\",\"service\":\"kafka-0\",\"outcome\":\"restarted\"}\n"
                        + "{\"time\":\"" + strike.plusSeconds(12)
                        + "\",\"phase\":\"inject\",\"action\":\"kill\",\"outcome\":\"skipped: no spark-worker left\"}\n"
                        + "{\"time\":\"" + strike.plusSeconds(40)
                        + "\",\"phase\":\"final-heal\",\"action\":\"kill\",\"node\":\"n2\",\"service\":\"spark-worker-0\",\"outcome\":\"left down (no restartAfter)\"}\n");
        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        assertEquals(1, a.recovery().size());
        JsonNode r = a.recovery().get(0);
        assertEquals("kill kafka-0 on n1", r.path("fault").asText());
        assertEquals(1.0, r.path("preFaultMeanSeconds").asDouble(), 1e-9, "windows [10,20) and [20,30)");
        assertEquals(1.3, r.path("bandSeconds").asDouble(), 1e-9);
        assertEquals(10.0, r.path("peakSeconds").asDouble(), 1e-9);
        double peakMean = 0;
        for (int k = 0; k < 1000; k++) {
            peakMean += 10.0 - k * 0.01 * 0.4;
        }
        assertEquals(peakMean / 1000, r.path("peakWindowMeanSeconds").asDouble(), 1e-9, "the window [30,40)");
        assertEquals(
                30.0,
                r.path("recoverySeconds").asDouble(),
                1e-9,
                "[40,50) is still above the band; from [50,60) on it is in");
        assertEquals(3000, r.path("sentAfter").asLong(), "30 s x 100 msg/s after the strike");
        assertEquals(100, r.path("notScoredAfter").asLong(), "[45 s, 46 s) at 100 msg/s");
        assertEquals(3000, r.path("ackedAfter").asLong(), "every one of them acked");
        assertEquals(100, r.path("lostAfter").asLong(), "the same 100, from the acked set");
        assertEquals(100, r.path("duplicatedAfter").asLong(), "[52 s, 53 s) written twice");
        assertEquals(
                List.of("inject", "heal"),
                a.faultMarkers().stream().map(RunAnalysis.Marker::phase).toList(),
                "the strike and the restart; not the skipped strike nor the worker left down");
        assertEquals(30.0, a.faultMarkers().get(0).t(), 1e-6);
        JsonNode json = JSON.readTree(JSON.writeValueAsString(RunReportJson.of(a, ReportOptions.DEFAULT)));
        assertEquals(100, json.path("recovery").get(0).path("notScoredAfter").asLong());
        assertEquals(100, json.path("accounting").path("lost").asLong());
    }

    @Test
    void aColdStartWhoseLatencyIsStillFallingIsInconclusiveNotSustainable() {
        // no warm-up: the first 30 s carry a backlog draining from 25 s to 1 s, as a cold scorer leaves (the README
        // run)
        SyntheticRun cold =
                SyntheticRun.flat(6_000, 100).withLatency("CASE WHEN t < 30 THEN 25 - 0.8 * t ELSE 1.0 END", "0.5");
        RunAnalysis a = RunAnalysis.of(cold.write(tmp.resolve("cold")), ReportOptions.DEFAULT);
        assertEquals(
                Verdict.INCONCLUSIVE,
                a.sustainability().verdict(),
                a.sustainability().reason());
        assertTrue(
                a.sustainability().reason().startsWith("event latency still falling"),
                a.sustainability().reason());
        assertEquals(Sustainability.FALLING, a.sustainability().cause());
        assertTrue(
                a.sustainability().sustained(),
                "it took the load and drained the backlog: capacity counts it as sustained");
    }

    @Test
    void aLatencyThatIsALargePartOfTheRunIsInconclusive() {
        // flat at 8 s over a 40 s steady state: 20% of it; no trend can be told from a start-up that long
        SyntheticRun slow = SyntheticRun.flat(5_000, 100)
                .withLatency("8 + ((hash(i) % 1000) / 1000.0 - 0.5) * 0.2", "0.5")
                .in("e", "slow", 1, 10);
        RunAnalysis a = RunAnalysis.of(slow.write(tmp.resolve("slow")), ReportOptions.DEFAULT);
        assertEquals(
                Verdict.INCONCLUSIVE,
                a.sustainability().verdict(),
                a.sustainability().reason());
        assertEquals(
                Sustainability.LATENCY_SHARE_BACKLOG_FLAT,
                a.sustainability().cause(),
                "a longer run could tell the trend");
        assertTrue(a.sustainability().sustained(), "but the backlog stayed flat: it took the load, at 8 s");
        assertTrue(
                a.sustainability()
                        .reason()
                        .startsWith("the mean event latency (8.0 s) is 20% of the 40 s steady state"),
                a.sustainability().reason());
    }

    @Test
    void aSteadyStateThatStartsWithABacklogStillDrainingIsInconclusive() {
        // warm-up 20 s; at its end 10 s of load are still queued and drain (latency 11 s falling to 1 s by 40 s)
        SyntheticRun draining = SyntheticRun.flat(30_000, 100)
                .withLatency(
                        "CASE WHEN t < 40 THEN greatest(1.0, 21 - 0.5 * t) ELSE 1.0 + ((hash(i) % 1000) / 1000.0 - 0.5) * 0.1 END",
                        "0.5")
                .in("e", "draining", 1, 20);
        RunAnalysis a = RunAnalysis.of(draining.write(tmp.resolve("draining")), ReportOptions.DEFAULT);
        assertEquals(
                Verdict.INCONCLUSIVE,
                a.sustainability().verdict(),
                a.sustainability().reason());
        assertTrue(
                a.sustainability().reason().contains("backlog")
                        && a.sustainability().reason().contains("draining"),
                a.sustainability().reason());
    }

    @Test
    void aRunFarAboveCapacityIsUnsustainableHoweverLargeItsLatency() {
        // the pipeline scores half the offered rate: latency grows 0.5 s per second of load, to 30 s in a 60 s run
        SyntheticRun over = SyntheticRun.flat(6_000, 100).withLatency("1 + 0.5 * t", "0.5");
        RunAnalysis a = RunAnalysis.of(over.write(tmp.resolve("over")), ReportOptions.DEFAULT);
        assertEquals(
                Verdict.UNSUSTAINABLE,
                a.sustainability().verdict(),
                a.sustainability().reason());
    }

    @Test
    void aRunThatFellBehindWhileOtherWorkTookTheMachineIsInconclusive() throws Exception {
        SyntheticRun over = SyntheticRun.flat(6_000, 100).withLatency("1 + 0.5 * t", "0.5");
        RunDirectory dir = over.write(tmp.resolve("busy"));
        var run = (ObjectNode) JSON.readTree(dir.runJson().toFile());
        var machine = run.putObject("machineLoad")
                .putArray("machines")
                .addObject()
                .put("machine", "this machine")
                .put("cores", 2)
                .put("busyCores", 2.0)
                .put("runCores", 1.55)
                .put("otherCores", 0.15)
                .put("stealCores", 0.02);
        JSON.writeValue(dir.runJson().toFile(), run);
        assertEquals(
                Verdict.UNSUSTAINABLE,
                RunAnalysis.of(dir, ReportOptions.DEFAULT).sustainability().verdict(),
                "0.17 of 2 cores is within 10%");
        machine.put("otherCores", 0.45);
        JSON.writeValue(dir.runJson().toFile(), run);
        Sustainability v = RunAnalysis.of(dir, ReportOptions.DEFAULT).sustainability();
        assertEquals(Verdict.INCONCLUSIVE, v.verdict(), v.reason());
        assertEquals(Sustainability.MACHINE_BUSY, v.cause());
        assertTrue(
                v.reason()
                        .contains(
                                "this machine gave 0.45 of its 2 cores to other work and 0.02 to its hypervisor over the"
                                        + " steady state (limit 10% of its cores)"),
                v.reason());
    }

    @Test
    void aFaultRunIsNotJudgedItsRecoveryIsTheAnswer() throws Exception {
        SyntheticRun fault = SyntheticRun.flat(30_000, 100).in("e", "fault", 1, 20);
        RunDirectory dir = fault.write(tmp.resolve("faulted"));
        Instant strike = Instant.ofEpochSecond(0, (fault.startMicros() + 100_000_000) * 1000);
        Files.writeString(
                dir.faults(),
                "{\"time\":\"" + strike + "\",\"sinceLoadStartMillis\":100000,\"fault\":0,\"occurrence\":0,"
                        + "\"phase\":\"inject\",\"action\":\"kill\",\"target\":\"kafka\",\"node\":\"n1\",\"service\":\"kafka-0\",\"outcome\":\"ok\"}\n");
        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        assertEquals(
                Verdict.INCONCLUSIVE,
                a.sustainability().verdict(),
                a.sustainability().reason());
        assertTrue(
                a.sustainability().reason().startsWith("a fault run"),
                a.sustainability().reason());
        assertEquals(1, a.recovery().size(), "its recovery table is there");
    }

    /**
     * Committed latency: a row is readable when its file's batch committed. All 6000 rows in one file, its batch committed
     * 70 s after the load's start: message i (intended at i x 10 ms) waited 70 - i/100 s. The commit is stamped by the
     * driver (n2): its clock offset is applied too.
     */
    @Test
    void committedLatencyIsWhenTheRowsFileBecameReadable() throws Exception {
        long commit = KNOWN.startMicros() + 70_000_000L;
        for (String mode : List.of("microbatch", "realtime")) {
            RunDirectory dir = KNOWN.write(tmp.resolve(mode));
            if (mode.equals("microbatch")) { // the file sink's log names the file in batch 4
                Files.createDirectories(dir.output().resolve("_spark_metadata"));
                Files.writeString(
                        dir.output().resolve("_spark_metadata/4"),
                        "v1\n{\"path\":\"file:///elsewhere/part-00000.parquet\","
                                + "\"size\":1,\"isDir\":false,\"modificationTime\":1,\"blockReplication\":1,\"blockSize\":1,\"action\":\"add\"}\n");
            } else { // the real-time sink names it by its epoch
                Files.move(
                        dir.output().resolve("part-00000.parquet"),
                        dir.output().resolve("rt-e0000000004-p00000.parquet"));
            }
            Files.writeString(
                    dir.commits(),
                    "{\"batch\":3,\"committedMicros\":" + (commit - 1_000_000) + "}\n{\"batch\":4,"
                            + "\"committedMicros\":" + commit + "}\n");
            ObjectNode s = RunSummary.of(dir, null, null);
            JsonNode whole = s.path("committedLatency");
            assertEquals(6000, whole.path("count").asLong(), mode + ": " + s);
            assertEquals(70 - 5999 / 2.0 / 100, whole.path("mean").asDouble(), 1e-9, mode);
            assertEquals(70.0, whole.path("max").asDouble(), 1e-9, mode);
            assertEquals(70 - 0.5999, whole.path("p99").asDouble(), 1e-9, mode);
            assertEquals(
                    1.45, s.path("eventLatency").path("mean").asDouble(), 1e-9, "event latency is not changed by it");

            ObjectNode run = (ObjectNode) JSON.readTree(dir.runJson().toFile());
            run.putObject("clockOffsets")
                    .putObject("n2")
                    .put("offsetMillis", 1000.0)
                    .put("boundMillis", 0.1);
            JSON.writeValue(dir.runJson().toFile(), run);
            RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
            assertEquals(6000, a.committed().count(), "no warm-up: every row is in the steady state");
            double steadyMean = 70 - 1 - 5999 / 2.0 / 100;
            assertEquals(steadyMean, a.committed().mean(), 1e-9, mode + ": the driver's clock reads 1 s ahead");
            assertEquals(
                    steadyMean,
                    RunReportJson.of(a, ReportOptions.DEFAULT)
                            .path("steadyState")
                            .path("committedLatency")
                            .path("mean")
                            .asDouble(),
                    1e-9);
            assertTrue(a.windows().stream().anyMatch(w -> w.committed().count() > 0));
        }
        RunAnalysis none = RunAnalysis.of(KNOWN.write(tmp.resolve("no-commits")), ReportOptions.DEFAULT);
        assertEquals(0, none.committed().count(), "no commits.jsonl: no committed latency");
    }

    /**
     * Delivered latency (Kafka sink): the output topic's reader on n1 stamped each row 100 ms after it was scored and wrote
     * message 5 twice (at least once). n1 (generators and reader) reads +50 ms, the scorer n2 0: event latency is corrected
     * by -(0 - 50 ms), delivered latency, stamped and sent on n1 alike, not at all.
     */
    @Test
    void deliveredLatencyIsWhenTheOutputTopicsReaderGotTheRowAndItsDuplicatesAreCounted() throws Exception {
        RunDirectory dir = KNOWN.write(tmp.resolve("delivered"));
        Path written = dir.output().resolve("part-00000.parquet");
        Path delivered = dir.output().resolve("delivered-n1-00000.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = db.createStatement()) {
            st.execute(
                    "COPY (SELECT *, ProcessedTimestamp + INTERVAL 100 MILLISECOND AS deliveredTimestamp, 'n1' AS deliveredOn"
                            + " FROM read_parquet('" + written
                            + "') UNION ALL SELECT *, ProcessedTimestamp + INTERVAL 300 MILLISECOND, 'n1'"
                            + " FROM read_parquet('" + written + "') WHERE generatorId = 1 AND seq = 2) TO '"
                            + delivered + "' (FORMAT parquet)");
        }
        Files.delete(written);
        ObjectNode run = (ObjectNode) JSON.readTree(dir.runJson().toFile());
        run.putObject("clockOffsets")
                .<ObjectNode>set(
                        "n1", JSON.createObjectNode().put("offsetMillis", 50.0).put("boundMillis", 0.1))
                .putObject("n2")
                .put("offsetMillis", 0.0)
                .put("boundMillis", 0.1);
        JSON.writeValue(dir.runJson().toFile(), run);

        RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
        assertEquals(6001, a.delivered().count());
        assertEquals(
                (6000 * 1.55 + (1 + 5 * 0.1) + 0.3) / 6001,
                a.delivered().mean(),
                1e-9,
                "message 5 (i = 5) delivered twice");
        assertEquals(1.50, a.event().mean(), 0.001);
        assertEquals(1, a.accounting().duplicates(), "at least once: the duplicate is counted");
        assertEquals(6000, a.accounting().distinct());
        assertEquals(0, a.committed().count(), "read from a topic: no file commit to wait for");
        ObjectNode s = RunSummary.of(dir, null, null);
        assertEquals(
                a.delivered().mean(),
                s.path("steadyState").path("deliveredLatency").path("mean").asDouble(),
                1e-9);
        assertFalse(
                s.path("columns").toString().contains("filename"),
                s.path("columns").toString());
        assertTrue(
                s.path("columns").toString().contains("deliveredTimestamp"),
                s.path("columns").toString());
    }
}
