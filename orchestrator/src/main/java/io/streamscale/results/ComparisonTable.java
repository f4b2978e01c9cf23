package io.streamscale.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Configurations side by side: one row per experiment cell (configuration x load), steady-state figures averaged over
 * its valid repetitions ("±" is the standard deviation between them; variance is the mean of the runs' steady-state
 * variances); the generators' worst p99 behind-schedule over all runs. Written as CSV (numbers only) and Markdown.
 */
public final class ComparisonTable {
    static final List<String> CSV_HEADER = List.of("experiment", "cell", "configuration", "kafka_nodes", "spark_nodes", "load",
            "rate_per_s", "runs", "valid_runs", "event_mean", "event_mean_sd", "event_variance", "event_p50", "event_p95", "event_p99", "event_max",
            "processing_mean", "processing_mean_sd", "processing_variance", "processing_p99", "ingest_mean", "throughput_per_s", "sent", "lost",
            "duplicated", "nan_predictions", "generator_behind_p99", "latency_slope", "verdicts");

    private ComparisonTable() {
    }

    public static List<List<String>> rows(List<CellSummary> cells) {
        List<List<String>> out = new ArrayList<>();
        for (CellSummary c : cells) {
            RunAnalysis r0 = c.runs().get(0);
            out.add(List.of(c.experiment(), c.cell(), c.configuration(), String.valueOf(r0.in().kafkaNodes()),
                    String.valueOf(r0.in().sparkNodes()), c.load(), WindowsCsv.num(c.rate()), String.valueOf(c.runs().size()),
                    String.valueOf(c.valid().size()), f(c.mean(r -> r.event().mean())), f(c.sd(r -> r.event().mean())),
                    f(c.mean(r -> r.event().variance())), f(c.mean(r -> r.event().p50())), f(c.mean(r -> r.event().p95())), f(c.mean(r -> r.event().p99())),
                    f(c.mean(r -> r.event().max())), f(c.mean(r -> r.processing().mean())), f(c.sd(r -> r.processing().mean())),
                    f(c.mean(r -> r.processing().variance())), f(c.mean(r -> r.processing().p99())), f(c.mean(r -> r.ingest().mean())),
                    f(c.mean(r -> r.event().count() / Math.max(1e-9, r.steady().seconds()))),
                    String.valueOf(c.sum(r -> r.accounting().sent())), String.valueOf(c.sum(r -> r.accounting().lost())),
                    String.valueOf(c.sum(r -> r.accounting().duplicates())), String.valueOf(c.sum(r -> r.accounting().nanPredictions())),
                    f(c.runs().stream().mapToDouble(RunAnalysis::generatorBehindP99Seconds).max().orElse(Double.NaN)),
                    f(c.mean(r -> r.sustainability().latencyTrend().slope())), c.verdicts()));
        }
        return out;
    }

    public static void writeCsv(Path file, List<CellSummary> cells) {
        StringBuilder b = new StringBuilder(String.join(",", CSV_HEADER)).append('\n');
        for (List<String> row : rows(cells)) {
            b.append(String.join(",", row.stream().map(ComparisonTable::csvField).toList())).append('\n');
        }
        write(file, b.toString());
    }

    public static void writeMarkdown(Path file, List<CellSummary> cells) {
        StringBuilder b = new StringBuilder();
        b.append("| experiment | configuration (Kafka x Spark) | load | runs (valid) | event latency mean ± sd (s) | p50 | p95 | p99 "
                + "| processing latency mean ± sd (s) | p99 | throughput (msg/s) | lost | duplicated | verdicts |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (CellSummary c : cells) {
            b.append("| ").append(c.experiment()).append(" | ").append(c.configuration()).append(" | ").append(c.load())
                    .append(" | ").append(c.runs().size()).append(" (").append(c.valid().size()).append(") | ")
                    .append(pm(c.mean(r -> r.event().mean()), c.sd(r -> r.event().mean()))).append(" | ")
                    .append(d(c.mean(r -> r.event().p50()))).append(" | ").append(d(c.mean(r -> r.event().p95()))).append(" | ")
                    .append(d(c.mean(r -> r.event().p99()))).append(" | ")
                    .append(pm(c.mean(r -> r.processing().mean()), c.sd(r -> r.processing().mean()))).append(" | ")
                    .append(d(c.mean(r -> r.processing().p99()))).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", c.mean(r -> r.event().count() / Math.max(1e-9, r.steady().seconds()))))
                    .append(" | ").append(c.sum(r -> r.accounting().lost())).append(" | ").append(c.sum(r -> r.accounting().duplicates()))
                    .append(" | ").append(c.verdicts()).append(" |\n");
        }
        write(file, b.toString());
    }

    static String pm(double mean, double sd) {
        return Double.isNaN(sd) ? d(mean) : d(mean) + " ± " + d(sd);
    }

    /** Seconds to 3 decimals ("–" when there is no figure). */
    static String d(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f(double v) {
        return WindowsCsv.num(v);
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new ResultsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
