package io.streamscale.results;

import io.streamscale.common.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configurations side by side: one row per experiment cell (configuration x load), steady-state figures averaged over
 * its valid repetitions ("±" is the standard deviation between them; variance is the mean of the runs' steady-state
 * variances); the generators' worst p99 behind-schedule over all runs. Written as CSV (numbers only) and Markdown.
 */
public final class ComparisonTable {
    static final List<String> CSV_HEADER = List.of(
            "experiment",
            "cell",
            "configuration",
            "kafka_nodes",
            "spark_nodes",
            "load",
            "rate_per_s",
            "runs",
            "valid_runs",
            "event_mean",
            "event_mean_sd",
            "event_variance",
            "event_p50",
            "event_p95",
            "event_p99",
            "event_max",
            "processing_mean",
            "processing_mean_sd",
            "processing_variance",
            "processing_p99",
            "ingest_mean",
            "committed_mean",
            "committed_p99",
            "delivered_mean",
            "delivered_p99",
            "throughput_per_s",
            "sent",
            "lost",
            "duplicated",
            "nan_predictions",
            "generator_behind_p99",
            "latency_slope",
            "verdicts");

    private ComparisonTable() {}

    public static List<List<String>> rows(List<CellSummary> cells) {
        List<List<String>> out = new ArrayList<>();
        for (CellSummary c : cells) {
            RunAnalysis r0 = c.runs().get(0);
            out.add(List.of(
                    c.experiment(),
                    c.cell(),
                    c.configuration(),
                    String.valueOf(r0.in().kafkaNodes()),
                    String.valueOf(r0.in().sparkNodes()),
                    c.load(),
                    WindowsCsv.num(c.rate()),
                    String.valueOf(c.runs().size()),
                    String.valueOf(c.valid().size()),
                    f(c.mean(r -> r.event().mean())),
                    f(c.sd(r -> r.event().mean())),
                    f(c.mean(r -> r.event().variance())),
                    f(c.mean(r -> r.event().p50())),
                    f(c.mean(r -> r.event().p95())),
                    f(c.mean(r -> r.event().p99())),
                    f(c.mean(r -> r.event().max())),
                    f(c.mean(r -> r.processing().mean())),
                    f(c.sd(r -> r.processing().mean())),
                    f(c.mean(r -> r.processing().variance())),
                    f(c.mean(r -> r.processing().p99())),
                    f(c.mean(r -> r.ingest().mean())),
                    f(c.mean(r -> r.committed().mean())),
                    f(c.mean(r -> r.committed().p99())),
                    f(c.mean(r -> r.delivered().mean())),
                    f(c.mean(r -> r.delivered().p99())),
                    f(c.mean(RunAnalysis::steadyThroughput)),
                    String.valueOf(c.sum(r -> r.accounting().sent())),
                    String.valueOf(c.sum(r -> r.accounting().lost())),
                    String.valueOf(c.sum(r -> r.accounting().duplicates())),
                    String.valueOf(c.sum(r -> r.accounting().nanPredictions())),
                    f(c.runs().stream()
                            .mapToDouble(RunAnalysis::generatorBehindP99Seconds)
                            .max()
                            .orElse(Double.NaN)),
                    f(c.mean(r -> r.sustainability().latencyTrend().slope())),
                    c.verdicts()));
        }
        return out;
    }

    public static void writeCsv(Path file, List<CellSummary> cells) {
        StringBuilder b = new StringBuilder(String.join(",", CSV_HEADER)).append('\n');
        for (List<String> row : rows(cells)) {
            b.append(String.join(
                            ",", row.stream().map(ComparisonTable::csvField).toList()))
                    .append('\n');
        }
        write(file, b.toString());
    }

    /** The Markdown table's columns: display keys and headers, in order (the HTML table shows the same). */
    private static final List<String[]> MD = List.of(
            new String[] {"experiment", "experiment"},
            new String[] {"configuration", "configuration (Kafka x Spark)"},
            new String[] {"load", "load"},
            new String[] {"runsValid", "runs (valid)"},
            new String[] {"eventMean", "event latency mean ± sd (s)"},
            new String[] {"eventP50", "p50"},
            new String[] {"eventP95", "p95"},
            new String[] {"eventP99", "p99"},
            new String[] {"processingMean", "processing latency mean ± sd (s)"},
            new String[] {"processingP99", "p99"},
            new String[] {"ingestMean", "ingest (s)"},
            new String[] {"readableMean", "readable mean (s): committed / delivered"},
            new String[] {"throughput", "throughput (msg/s)"},
            new String[] {"lost", "lost"},
            new String[] {"duplicated", "duplicated"},
            new String[] {"verdicts", "verdicts"});

    public static void writeMarkdown(Path file, List<CellSummary> cells) {
        StringBuilder b = new StringBuilder("|");
        MD.forEach(c -> b.append(' ').append(c[1]).append(" |"));
        b.append('\n').append("|---".repeat(MD.size())).append("|\n");
        for (CellSummary c : cells) {
            Map<String, String> row = display(c);
            b.append('|');
            MD.forEach(col -> b.append(' ').append(row.get(col[0])).append(" |"));
            b.append('\n');
        }
        write(file, b.toString());
    }

    /** A cell's figures as the tables show them: seconds to 3 decimals, "mean ± sd" between repetitions, "–" for none. */
    static Map<String, String> display(CellSummary c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("experiment", c.experiment().isEmpty() ? "–" : c.experiment());
        m.put("configuration", c.configuration());
        m.put("load", c.load());
        m.put("runsValid", c.runs().size() + " (" + c.valid().size() + ")");
        m.put("eventMean", pm(c.mean(r -> r.event().mean()), c.sd(r -> r.event().mean())));
        m.put("eventP50", d(c.mean(r -> r.event().p50())));
        m.put("eventP95", d(c.mean(r -> r.event().p95())));
        m.put("eventP99", d(c.mean(r -> r.event().p99())));
        m.put(
                "processingMean",
                pm(c.mean(r -> r.processing().mean()), c.sd(r -> r.processing().mean())));
        m.put("processingP99", d(c.mean(r -> r.processing().p99())));
        m.put("ingestMean", d(c.mean(r -> r.ingest().mean())));
        // where a reader sees the rows: their commit (Parquet sink) or their arrival from the output topic (Kafka sink)
        double committed = c.mean(r -> r.committed().mean());
        double delivered = c.mean(r -> r.delivered().mean());
        m.put(
                "readableMean",
                !Double.isNaN(delivered)
                        ? d(delivered) + " delivered"
                        : !Double.isNaN(committed) ? d(committed) + " committed" : "–");
        double tp = c.mean(RunAnalysis::steadyThroughput);
        m.put("throughput", Double.isNaN(tp) ? "–" : String.format(Locale.ROOT, "%.0f", tp));
        m.put("lost", String.valueOf(c.sum(r -> r.accounting().lost())));
        m.put("duplicated", String.valueOf(c.sum(r -> r.accounting().duplicates())));
        m.put("verdicts", c.verdicts());
        return m;
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
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new ResultsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
