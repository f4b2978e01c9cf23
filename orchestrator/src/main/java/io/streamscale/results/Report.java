package io.streamscale.results;

import io.streamscale.template.TemplateRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the report of a run, an experiment or a whole results directory: every run analysed ({@link RunAnalysis}) with
 * its windows.csv and report.json written beside it, runs grouped into cells across repetitions, then the comparison
 * table, the plots and the HTML pages under {@link ReportLayout}. A run that cannot be read is named in the report and
 * the rest are still reported.
 */
public final class Report {
    private final ReportOptions options;
    private final TemplateRenderer html;
    private final PrintWriter progress;

    public Report(ReportOptions options, TemplateRenderer templates, PrintWriter progress) {
        this.options = options;
        this.html = templates.html();
        this.progress = progress;
    }

    /** What was made: where, the runs read, the cells, and the runs that could not be read (with why). */
    public record Result(ReportLayout layout, List<RunAnalysis> runs, List<CellSummary> cells, List<String> problems) {}

    public Result write(Path path) {
        Path target = path.toAbsolutePath().normalize();
        List<RunDirectory> dirs = RunFinder.under(target);
        if (dirs.isEmpty()) {
            throw new ResultsException("no runs under " + target + " (no run.json found)");
        }
        List<RunAnalysis> runs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            RunDirectory d = dirs.get(i);
            long t0 = System.nanoTime();
            try {
                RunAnalysis a = RunAnalysis.of(d, options);
                WindowsCsv.write(d.windowsCsv(), a.windows(), a.steady());
                RunReportJson.write(d.reportJson(), RunReportJson.of(a, options));
                runs.add(a);
                progress.printf(
                        "report: run %d of %d: %s — %d rows, %s (%.1f s)%n",
                        i + 1,
                        dirs.size(),
                        a.label(),
                        a.accounting().scoredRows(),
                        a.sustainability().verdict(),
                        (System.nanoTime() - t0) / 1e9);
            } catch (ResultsException e) {
                problems.add(d.root() + ": " + e.getMessage());
                progress.printf(
                        "report: run %d of %d: %s could not be read: %s%n",
                        i + 1, dirs.size(), d.root(), e.getMessage());
            }
            progress.flush();
        }
        ReportLayout layout = ReportLayout.of(target);
        List<CellSummary> cells = cells(runs);
        try {
            Files.createDirectories(layout.root());
        } catch (IOException e) {
            throw new ResultsException("cannot create " + layout.root() + ": " + e.getMessage(), e);
        }
        ComparisonTable.writeCsv(layout.comparisonCsv(), cells);
        ComparisonTable.writeMarkdown(layout.comparisonMd(), cells);
        if (options.plots()) {
            new HtmlPages(layout, html, options).write(target, runs, cells, problems);
        }
        return new Result(layout, runs, cells, problems);
    }

    /** Runs grouped by (experiment, cell), in the order first seen. */
    static List<CellSummary> cells(List<RunAnalysis> runs) {
        Map<String, List<RunAnalysis>> by = new LinkedHashMap<>();
        for (RunAnalysis r : runs) {
            by.computeIfAbsent(r.in().experiment() + "\u0000" + r.in().cell(), k -> new ArrayList<>())
                    .add(r);
        }
        List<CellSummary> out = new ArrayList<>();
        for (List<RunAnalysis> rs : by.values()) {
            RunInputs in = rs.get(0).in();
            out.add(new CellSummary(in.experiment(), in.cell(), in.configuration(), in.rate(), in.loadLabel(), rs));
        }
        return out;
    }
}
