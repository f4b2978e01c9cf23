package io.streamscale.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.template.TemplateRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTML pages (templates/report/) and the plots on them: an index (every experiment, the configurations side by side,
 * the cross-experiment plots) and one page per experiment. Pages link their plots and run files by relative paths and
 * load nothing from elsewhere, so the report opens from disk.
 */
final class HtmlPages {
    /** Up to this many cells, an experiment page also shows each cell's own run plots. */
    private static final int PER_RUN_PLOTS_UP_TO = 4;

    private final ReportLayout layout;
    private final TemplateRenderer html;
    private final ReportOptions options;
    private final Plots plots;

    HtmlPages(ReportLayout layout, TemplateRenderer html, ReportOptions options) {
        this.layout = layout;
        this.html = html;
        this.options = options;
        this.plots = new Plots(layout.plots());
    }

    void write(Path source, List<RunAnalysis> runs, List<CellSummary> cells, List<String> problems) {
        Map<String, List<CellSummary>> byExperiment = new LinkedHashMap<>();
        for (CellSummary c : cells) {
            byExperiment.computeIfAbsent(c.experiment(), k -> new ArrayList<>()).add(c);
        }
        List<Map<String, Object>> experiments = new ArrayList<>();
        for (Map.Entry<String, List<CellSummary>> e : byExperiment.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            List<CellSummary> cs = e.getValue();
            Map<String, Object> ctx = common(cs);
            ctx.put("name", e.getKey());
            ctx.put("cellCount", cs.size());
            ctx.put("figures", experimentFigures(ReportLayout.safe(e.getKey()), cs));
            render("report/experiment.html", ctx, layout.experimentPage(e.getKey()));
            experiments.add(Map.of(
                    "name",
                    e.getKey(),
                    "page",
                    ReportLayout.pageName(e.getKey()),
                    "cells",
                    cs.size(),
                    "runs",
                    cs.stream().mapToInt(c -> c.runs().size()).sum(),
                    "verdicts",
                    CellSummary.verdicts(
                            cs.stream().flatMap(c -> c.runs().stream()).toList())));
        }
        Map<String, Object> ctx = common(cells);
        ctx.put(
                "title",
                source.getFileName() == null
                        ? source.toString()
                        : source.getFileName().toString());
        ctx.put("source", source.toString());
        ctx.put("generated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ctx.put("experiments", experiments);
        ctx.put("hasExperiments", !experiments.isEmpty());
        ctx.put("problems", problems);
        ctx.put("hasProblems", !problems.isEmpty());
        List<Map<String, Object>> capacity =
                Capacity.of(cells).stream().map(HtmlPages::capacityRow).toList();
        ctx.put("capacity", capacity);
        ctx.put("hasCapacity", !capacity.isEmpty());
        List<Figure> figures = new ArrayList<>();
        List<CellSummary> loose = byExperiment.getOrDefault("", List.of());
        if (!loose.isEmpty() && loose.size() <= PER_RUN_PLOTS_UP_TO) {
            for (CellSummary c : loose) {
                figures.addAll(runFigures("run-" + ReportLayout.safe(c.cell()), c.representative(), true));
            }
        }
        List<CellSummary> faultFree = cells.stream().filter(c -> !c.hasFaults()).toList();
        if (experiments.size() > 1 && !faultFree.isEmpty()) {
            figures.addAll(comparisonFigures("all", faultFree));
        }
        ctx.put("figures", figures);
        render("report/index.html", ctx, layout.index());
    }

    /** What every page shows: its cells, its runs, the faults' costs, the options. */
    private Map<String, Object> common(List<CellSummary> cells) {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("css", css());
        ctx.put("window", WindowsCsv.num(options.window().toMillis() / 1000.0) + " s");
        ctx.put(
                "trim",
                options.trim() == SteadyState.Trim.SEED
                        ? "the seed's trim (first 20% and last 5% of the load left out)"
                        : "the manifest's warm-up left out");
        ctx.put("maxSlope", WindowsCsv.num(options.thresholds().maxLatencySlope()));
        ctx.put(
                "maxBacklog",
                String.format(Locale.ROOT, "%.1f%%", options.thresholds().maxBacklogGrowth() * 100));
        ctx.put("maxBehind", WindowsCsv.num(options.maxBehind().toMillis() / 1000.0) + " s");
        List<RunAnalysis> runs = cells.stream().flatMap(c -> c.runs().stream()).toList();
        ctx.put("runCount", runs.size());
        ctx.put("cells", cells.stream().map(ComparisonTable::display).toList());
        ctx.put("runs", runs.stream().map(this::runRow).toList());
        List<Map<String, Object>> rec = new ArrayList<>();
        for (RunAnalysis r : runs) {
            for (JsonNode f : r.recovery()) {
                rec.add(recoveryRow(r, f));
            }
        }
        ctx.put("recoveries", rec);
        ctx.put("hasRecoveries", !rec.isEmpty());
        List<Map<String, Object>> clocks = new ArrayList<>();
        for (RunAnalysis r : runs) {
            r.in().clocks()
                    .nodes()
                    .forEach((node, c) -> clocks.add(Map.of(
                            "run",
                            r.label(),
                            "node",
                            node,
                            "before",
                            millis(c.beforeMillis()),
                            "after",
                            millis(c.afterMillis()),
                            "drift",
                            millis(c.driftMillis()),
                            "applied",
                            millis(c.appliedMillis()),
                            "bound",
                            millis(c.boundMillis()),
                            "clock",
                            c.clock() == null ? "–" : c.clock())));
        }
        ctx.put("clocks", clocks);
        ctx.put("hasClocks", !clocks.isEmpty());
        return ctx;
    }

    private static String millis(Double ms) {
        return ms == null || Double.isNaN(ms) ? "–" : String.format(Locale.ROOT, "%+.3f", ms);
    }

    private List<Figure> experimentFigures(String exp, List<CellSummary> cells) {
        List<Figure> out = new ArrayList<>();
        List<CellSummary> faultFree = cells.stream().filter(c -> !c.hasFaults()).toList();
        if (!faultFree.isEmpty()) {
            plots.warmup(faultFree, true, exp + "-warmup-event").ifPresent(out::add);
            plots.warmup(faultFree, false, exp + "-warmup-processing").ifPresent(out::add);
            Map<String, List<CellSummary>> byLoad = faultFree.stream()
                    .collect(Collectors.groupingBy(CellSummary::load, LinkedHashMap::new, Collectors.toList()));
            for (Map.Entry<String, List<CellSummary>> e : byLoad.entrySet()) {
                String load = ReportLayout.safe(e.getKey());
                plots.steadyOverTime(e.getValue(), true, e.getKey(), exp + "-steady-event-" + load)
                        .ifPresent(out::add);
                plots.steadyOverTime(e.getValue(), false, e.getKey(), exp + "-steady-processing-" + load)
                        .ifPresent(out::add);
            }
            out.addAll(comparisonFigures(exp, faultFree));
        }
        for (CellSummary c : cells) {
            if (c.hasFaults()) {
                for (RunAnalysis r : c.runs()) {
                    out.addAll(runFigures(
                            exp + "-" + ReportLayout.safe(c.cell()) + "-rep" + r.in().repetition(), r, false));
                }
            } else if (cells.size() <= PER_RUN_PLOTS_UP_TO) {
                out.addAll(runFigures(exp + "-" + ReportLayout.safe(c.cell()), c.representative(), true));
            }
        }
        return out;
    }

    /** Mean latency per configuration, percentiles, and each configuration run at several loads. */
    private List<Figure> comparisonFigures(String prefix, List<CellSummary> cells) {
        List<Figure> out = new ArrayList<>();
        plots.sustainedRates(Capacity.of(cells), prefix + "-sustained").ifPresent(out::add);
        plots.latencyAgainstLoad(cells, prefix + "-latency-load").ifPresent(out::add);
        plots.scalability(cells, prefix + "-scalability").ifPresent(out::add);
        plots.percentiles(cells, prefix + "-percentiles").ifPresent(out::add);
        Map<String, List<CellSummary>> byConfig = cells.stream()
                .collect(Collectors.groupingBy(CellSummary::configuration, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<CellSummary>> e : byConfig.entrySet()) {
            if (e.getValue().stream().map(CellSummary::load).distinct().count() > 1) {
                plots.acrossLoads(e.getValue(), e.getKey(), prefix + "-loads-" + ReportLayout.safe(e.getKey()))
                        .ifPresent(out::add);
            }
        }
        return out;
    }

    private List<Figure> runFigures(String name, RunAnalysis r, boolean throughput) {
        List<Figure> out = new ArrayList<>();
        plots.runLatency(r, name + "-latency").ifPresent(out::add);
        plots.runPercentiles(r, name + "-percentiles").ifPresent(out::add);
        if (throughput) {
            plots.runThroughput(r, name + "-throughput").ifPresent(out::add);
        }
        RampKnee.of(r.in(), r.windows())
                .flatMap(k -> plots.rampLatency(r, k, name + "-ramp"))
                .ifPresent(out::add);
        RampSteps.of(r.in(), r.windows(), options.thresholds())
                .flatMap(k -> plots.rampLatency(r, k, name + "-ramp"))
                .ifPresent(out::add);
        return out;
    }

    private static Map<String, Object> capacityRow(Capacity c) {
        return Map.of(
                "configuration",
                c.configuration(),
                "nodes",
                c.nodes(),
                "sustained",
                c.sustained(),
                "mean",
                c.sustainedMeanSeconds() == null ? "–" : String.format(Locale.ROOT, "%.2f s", c.sustainedMeanSeconds()),
                "within1",
                c.within(0),
                "within2",
                c.within(1),
                "within5",
                c.within(2),
                "failed",
                c.failed());
    }

    private Map<String, Object> runRow(RunAnalysis r) {
        Map<String, Object> m = new HashMap<>();
        m.put("label", r.label());
        m.put(
                "status",
                r.in().status()
                        + (r.missingFiles().isEmpty()
                                ? ""
                                : " (" + r.missingFiles().size() + " Parquet files missing)")
                        + (r.clockCaveat() == null ? "" : " (clock offsets uncertain: " + r.clockCaveat() + ")"));
        m.put("verdict", r.sustainability().verdict().toString());
        m.put("reason", r.sustainability().reason());
        m.put("eventMean", ComparisonTable.d(r.event().mean()));
        m.put("eventP99", ComparisonTable.d(r.event().p99()));
        m.put("processingMean", ComparisonTable.d(r.processing().mean()));
        // where a reader sees the row: its commit (Parquet sink), its arrival from the output topic (Kafka sink)
        LatencyStats readable = r.delivered().count() > 0 ? r.delivered() : r.committed();
        m.put("readableWhen", r.delivered().count() > 0 ? " (delivered)" : "");
        m.put("committedMean", readable.count() == 0 ? "–" : ComparisonTable.d(readable.mean()));
        m.put("committedP99", readable.count() == 0 ? "–" : ComparisonTable.d(readable.p99()));
        m.put(
                "slope",
                Double.isNaN(r.sustainability().latencyTrend().slope())
                        ? "–"
                        : String.format(
                                Locale.ROOT,
                                "%+.4f",
                                r.sustainability().latencyTrend().slope()));
        double g = r.sustainability().backlogGrowthFraction();
        m.put("backlogGrowth", Double.isNaN(g) ? "–" : String.format(Locale.ROOT, "%+.2f", g * 100));
        m.put("sent", r.accounting().sent());
        Accounting acc = r.accounting();
        m.put("lost", acc.lost() + (Accounting.FROM_COUNTS.equals(acc.lostFrom()) ? " (count)" : ""));
        m.put("notAcked", acc.scoredNotAcked() == null ? "–" : acc.scoredNotAcked());
        m.put("duplicated", r.accounting().duplicates());
        m.put("nan", r.accounting().nanPredictions());
        m.put("behind", r.in().generators().isEmpty() ? "–" : ComparisonTable.d(r.generatorBehindP99Seconds()));
        m.put("windowsCsv", relative(r.in().dir().windowsCsv()));
        m.put("reportJson", relative(r.in().dir().reportJson()));
        return m;
    }

    private static Map<String, Object> recoveryRow(RunAnalysis r, JsonNode f) {
        Map<String, Object> m = new HashMap<>();
        m.put("run", r.label());
        m.put("fault", f.path("fault").asText());
        m.put("at", f.path("at").asText());
        m.put("pre", seconds(f.path("preFaultMeanSeconds")));
        m.put("band", seconds(f.path("bandSeconds")));
        m.put("peakMean", seconds(f.path("peakWindowMeanSeconds")));
        m.put("peak", seconds(f.path("peakSeconds")));
        m.put(
                "recovery",
                f.path("recoverySeconds").isNumber() ? seconds(f.path("recoverySeconds")) : "not within the load");
        m.put("sent", f.path("sentAfter").asLong());
        m.put("notScored", f.path("notScoredAfter").asLong());
        m.put("lost", f.has("lostAfter") ? f.path("lostAfter").asText() : "–");
        m.put("duplicated", f.path("duplicatedAfter").asLong());
        return m;
    }

    private static String seconds(JsonNode n) {
        return n.isNumber() ? ComparisonTable.d(n.asDouble()) : "–";
    }

    private String relative(Path p) {
        return layout.root().relativize(p).toString();
    }

    private String css() {
        try {
            return Files.readString(html.templatesDir().resolve("report/style.css"));
        } catch (IOException e) {
            throw new ResultsException(
                    "cannot read " + html.templatesDir().resolve("report/style.css") + ": " + e.getMessage(), e);
        }
    }

    private void render(String template, Map<String, Object> ctx, Path to) {
        try {
            Files.writeString(to, html.render(template, ctx));
        } catch (IOException e) {
            throw new ResultsException("cannot write " + to + ": " + e.getMessage(), e);
        }
    }
}
