package io.streamscale.results;

import static io.streamscale.common.Json.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code summary.json}: what a finished run shows, from the same analysis as its report (one DuckDB reading of the
 * scored Parquet; no second aggregation): the accounting, the invariants every row must satisfy, a prediction check,
 * the latencies over every scored row ({@code eventLatency}, warm-up included) and over the steady state
 * ({@code steadyState}, warm-up left out, with the verdict). Every latency block says what it covers.
 */
public final class RunSummary {
    static final int PREDICTION_SAMPLE = 2000;
    static final String WHOLE_RUN = "every scored row, warm-up included";
    static final String COMMITTED =
            "when the row became readable in the output (its micro-batch's sink log, its real-time epoch's"
                    + " commit, as the scorer's driver saw it appear) less its intended send time; event latency stops when the row is"
                    + " handed to the writer";
    static final String DELIVERED =
            "when the reader of the output topic (Kafka sink) received the row less its intended send"
                    + " time: the rows are readable there at once";

    private RunSummary() {}

    /**
     * @param model        the model the run scored with (for the prediction check), or null
     * @param drainSeconds how long the backlog took to score after the load ended, or null
     */
    public static ObjectNode of(RunDirectory dir, Path model, Double drainSeconds) {
        ObjectNode s = MAPPER.createObjectNode();
        RunInputs in;
        try {
            in = RunInputs.read(dir);
        } catch (RuntimeException e) {
            return s.put("status", "unknown")
                    .put("summaryError", e.getMessage())
                    .put("incomplete", true);
        }
        s.put("status", in.status());
        s.put("generatorInstances", in.generators().size());
        s.put("sent", GeneratorFigures.sum(in.generators(), GeneratorFigures::sent));
        s.put("acked", GeneratorFigures.sum(in.generators(), GeneratorFigures::acked));
        s.put("failed", GeneratorFigures.sum(in.generators(), GeneratorFigures::failed));
        s.put(
                "generatorBehindScheduleMicrosP99",
                in.generators().stream()
                        .mapToLong(GeneratorFigures::behindP99Micros)
                        .max()
                        .orElse(0));
        s.put(
                "generatorBehindScheduleMicrosMax",
                in.generators().stream()
                        .mapToLong(GeneratorFigures::behindMaxMicros)
                        .max()
                        .orElse(0));
        if (drainSeconds != null) {
            s.put("drainSeconds", drainSeconds); // small if scoring kept up with the load
        }
        try {
            RunAnalysis a = RunAnalysis.of(dir, ReportOptions.DEFAULT);
            Accounting acc = a.accounting();
            s.put("scoredRows", acc.scoredRows());
            s.put("distinctMessages", acc.distinct());
            s.put("duplicates", acc.duplicates());
            s.put("lost", acc.lost());
            s.put("lostFrom", acc.lostFrom());
            if (acc.scoredNotAcked() == null) {
                s.putNull("scoredNotAcked"); // unknown: the generators did not record which seqs were acked
            } else {
                s.put("scoredNotAcked", acc.scoredNotAcked());
            }
            s.put("nanPredictions", acc.nanPredictions());
            if (!a.missingFiles().isEmpty()) {
                s.put("missingParquetFiles", a.missingFiles().size());
            }
            List<Path> files = SinkFiles.of(dir.output()).files(); // the sink's log read once for both
            try (ScoredRows rows = ScoredRows.open(
                    files, ReportOptions.DEFAULT.memoryLimit(), in.rowClocks(), ReadableAt.of(in, files))) {
                s.set("columns", MAPPER.valueToTree(rows.columns()));
                ScoredRows.Invariants inv = rows.invariants();
                s.put("nonPositiveEventLatencies", inv.nonPositiveEventLatencies());
                s.put("processedBeforeSparkStart", inv.processedBeforeSparkStart());
                s.put("eventLatencyInconsistent", inv.eventLatencyInconsistent());
                var whole = rows.latencies(Long.MIN_VALUE, Long.MAX_VALUE);
                s.set("eventLatency", whole(whole.get(0), inv.minEvent()));
                s.set("processingLatency", whole(whole.get(1), inv.minProcessing()));
                if (whole.get(3).count() > 0) {
                    s.set("committedLatency", whole(whole.get(3), Double.NaN).put("what", COMMITTED));
                }
                if (whole.get(4).count() > 0) {
                    s.set("deliveredLatency", whole(whole.get(4), Double.NaN).put("what", DELIVERED));
                }
                if (model != null && Files.isDirectory(model.resolve("als"))) {
                    PredictionCheck check = PredictionCheck.of(rows.sample(PREDICTION_SAMPLE), model);
                    s.putObject("predictionCheck")
                            .put("sampled", check.sampled())
                            .put("mismatches", check.mismatches())
                            .put(
                                    "method",
                                    "re-computed from the model's factor tables (float dot product, as ALSModel)");
                } else if (acc.scoredRows() > 0) {
                    s.put(
                            "summaryError",
                            model == null
                                    ? "no model (the run ended before it had one), so no prediction check"
                                    : "no ALS model in " + model + ", so no prediction check");
                }
            }
            if (!in.clocks().isEmpty()) {
                s.set("clockCorrection", in.clocks().toJson().put("caveat", a.clockCaveat()));
            }
            ObjectNode steady = s.putObject("steadyState");
            steady.put("covers", a.steady().rule());
            steady.put(
                    "from",
                    Instant.ofEpochSecond(0, a.steady().fromMicros() * 1000).toString());
            steady.put(
                    "to", Instant.ofEpochSecond(0, a.steady().toMicros() * 1000).toString());
            steady.set("eventLatency", RunReportJson.stats(a.event()));
            steady.set("processingLatency", RunReportJson.stats(a.processing()));
            if (a.committed().count() > 0) {
                steady.set(
                        "committedLatency", RunReportJson.stats(a.committed()).put("what", COMMITTED));
            }
            if (a.delivered().count() > 0) {
                steady.set(
                        "deliveredLatency", RunReportJson.stats(a.delivered()).put("what", DELIVERED));
            }
            steady.put("verdict", a.sustainability().verdict().toString());
            steady.put("verdictReason", a.sustainability().reason());
            if (a.sustainability().cause() != null) {
                steady.put("verdictCause", a.sustainability().cause());
            }
            // what the warm-up left queued (at the steady state's first backlog point): a capacity search says when its
            // bracket was decided by probes that began with much of the load still to drain
            steady.put("backlogAtSteadyStart", a.sustainability().backlogAtStart());
            if (in.rate() > 0) {
                steady.put("backlogAtSteadyStartSeconds", a.sustainability().backlogAtStart() / in.rate());
            }
            steady.put("valid", a.valid());
            steady.put("invalidBecause", a.invalidBecause());
            if (!in.machineLoad().isEmpty()) {
                in.machineLoad().forEach(steady.putArray("machineLoad")::add); // as run.json has it: who used the cores
            }
            batches(in, a.steady().fromMicros(), steady);
            RampKnee.of(in, a.windows())
                    .ifPresent(
                            k -> s.putObject("rampKnee")
                                    .put("found", k.found())
                                    .put("rate", Math.round(k.rate()))
                                    .put("topRate", Math.round(k.topRate()))
                                    .put("tailWindows", k.tailWindows())
                                    .put("answer", k.describe())
                                    .put(
                                            "rule",
                                            "the offered rate from which the windowed mean event latency stayed above twice its median over the"
                                                    + " load's first half, to the end (at least 3 windows); none: the system kept up to the top rate"));
            RampSteps.of(in, a.windows(), ReportOptions.DEFAULT.thresholds()).ifPresent(r -> {
                var k = s.putObject("rampKnee")
                        .put("found", r.found())
                        .put("rate", Math.round(r.rate()))
                        .put("topRate", Math.round(r.topRate()))
                        .put("answer", r.describe())
                        .put("rule", r.rule());
                if (r.found()) {
                    k.put("above", Math.round(r.above()));
                }
                var steps = k.putArray("steps");
                r.steps()
                        .forEach(st -> steps.addObject()
                                .put("rate", Math.round(st.rate()))
                                .put("judged", st.judged())
                                .put("keptUp", st.keptUp())
                                .put("deficit", st.deficit())
                                .put("meanEventLatency", st.latency()));
            });
        } catch (RuntimeException e) {
            s.put("summaryError", e.getMessage());
        }
        if (RunStatus.of(in.status()) != RunStatus.COMPLETE || s.has("summaryError")) {
            s.put("incomplete", true);
        }
        return s;
    }

    /**
     * How warm the scorer was when the measured load began: the first micro-batch that started in the steady state
     * against the median of those after it (a cold path makes the first one several times longer).
     */
    static void batches(RunInputs in, long fromMicros, ObjectNode steady) {
        List<Double> seconds = new ArrayList<>();
        for (JsonNode p : in.progress()) {
            if (p.hasNonNull("timestamp")
                    && p.path("numInputRows").asLong() > 0
                    && Instant.parse(p.path("timestamp").asText()).toEpochMilli() * 1000 >= fromMicros) {
                seconds.add(p.path("batchDuration").asLong() / 1000.0);
            }
        }
        if (seconds.size() >= 2) {
            List<Double> rest =
                    seconds.subList(1, seconds.size()).stream().sorted().toList();
            steady.put("firstBatchSeconds", seconds.get(0));
            steady.put("medianBatchSeconds", rest.get(rest.size() / 2));
        }
    }

    private static ObjectNode whole(LatencyStats l, double min) {
        ObjectNode n = RunReportJson.stats(l);
        n.put("covers", WHOLE_RUN);
        if (!Double.isNaN(min)) {
            n.put("min", min);
        }
        return n;
    }
}
