package io.streamscale.results;

import static io.streamscale.common.Json.MAPPER;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.common.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** {@code report.json}: one run's figures as the report computed them (the numbers behind every table and plot). */
public final class RunReportJson {
    // NaN (no figure) is written as null: JSON has no NaN

    private RunReportJson() {}

    public static ObjectNode of(RunAnalysis a, ReportOptions o) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("run", a.label());
        n.put("status", a.in().status());
        n.put("configuration", a.in().configuration());
        n.put("rate", a.in().rate());
        n.put("load", a.in().loadLabel());
        n.put("valid", a.valid());
        n.put("invalidBecause", a.invalidBecause());
        ObjectNode steady = n.putObject("steadyState");
        steady.put(
                "from", Instant.ofEpochSecond(0, a.steady().fromMicros() * 1000).toString());
        steady.put("to", Instant.ofEpochSecond(0, a.steady().toMicros() * 1000).toString());
        steady.put("rule", a.steady().rule());
        steady.put("windowSeconds", o.window().toMillis() / 1000.0);
        steady.set("eventLatency", stats(a.event()));
        steady.set("processingLatency", stats(a.processing()));
        steady.set("ingestLatency", stats(a.ingest()));
        steady.set("committedLatency", stats(a.committed()));
        steady.set("deliveredLatency", stats(a.delivered()));
        put(steady, "throughputPerSecond", a.steadyThroughput());
        n.set("accounting", MAPPER.valueToTree(a.accounting()));
        ObjectNode gen = n.putObject("generators");
        gen.put("instances", a.in().generators().size());
        put(gen, "behindScheduleP99Seconds", a.generatorBehindP99Seconds());
        put(gen, "behindScheduleMaxSeconds", a.generatorBehindMaxSeconds());
        gen.put("maxBehindAllowedSeconds", o.maxBehind().toMillis() / 1000.0);
        a.in().widestClockBound()
                .ifPresent(w -> n.set(
                        "clock",
                        a.in().clocks()
                                .toJson()
                                .put("widestBoundMillis", w.getValue())
                                .put("node", w.getKey())
                                .put("maxShareOfMeanLatency", o.maxClockShare())
                                .put("caveat", a.clockCaveat())));
        if (!a.missingFiles().isEmpty()) {
            n.put("missingParquetFiles", a.missingFiles().size());
        }
        Sustainability s = a.sustainability();
        ObjectNode v = n.putObject("sustainability");
        v.put("verdict", s.verdict().toString());
        v.put("reason", s.reason());
        put(v, "eventLatencySlopeSecondsPerSecond", s.latencyTrend().slope());
        put(v, "eventLatencySlopeStdErr", s.latencyTrend().slopeStdErr());
        v.put("steadyWindows", s.latencyTrend().n());
        put(v, "backlogGrowthPerSecond", s.backlogTrend().slope());
        put(v, "backlogGrowthFractionOfRate", s.backlogGrowthFraction());
        v.put("backlogAtSteadyStart", s.backlogAtStart());
        v.put("backlogAtSteadyEnd", s.backlogAtEnd());
        v.put("backlogSource", a.backlog().source());
        v.put("maxLatencySlope", o.thresholds().maxLatencySlope());
        v.put("maxBacklogGrowthFraction", o.thresholds().maxBacklogGrowth());
        n.set("recovery", a.recovery());
        return n;
    }

    static ObjectNode stats(LatencyStats s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("count", s.count());
        put(n, "mean", s.mean());
        put(n, "variance", s.variance());
        put(n, "p50", s.p50());
        put(n, "p95", s.p95());
        put(n, "p99", s.p99());
        put(n, "max", s.max());
        return n;
    }

    private static void put(ObjectNode n, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    public static void write(Path file, ObjectNode n) {
        try {
            AtomicFiles.write(file, MAPPER.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new ResultsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
