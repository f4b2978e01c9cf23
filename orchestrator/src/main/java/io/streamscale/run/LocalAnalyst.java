package io.streamscale.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.results.Report;
import io.streamscale.results.ReportOptions;
import io.streamscale.results.ReportPrintout;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunSummary;
import io.streamscale.template.TemplateRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;

/** The analysis in this JVM: local mode, a batch job's orchestrator (on a node), and {@code streamscale analyse} itself. */
public final class LocalAnalyst implements Analyst {
    private final TemplateRenderer templates;
    private final String where;

    /** @param templates the report's templates */
    public LocalAnalyst(TemplateRenderer templates) {
        this(templates, "this machine");
    }

    /** @param where what {@link #where()} says, e.g. why this is not a node */
    public LocalAnalyst(TemplateRenderer templates, String where) {
        this.templates = templates;
        this.where = where;
    }

    @Override
    public ObjectNode summarize(RunDirectory dir, Path model, Double drainSeconds) {
        return RunSummary.of(dir, model, drainSeconds);
    }

    @Override
    public void report(Path target, PrintWriter out) {
        try {
            ReportPrintout.print(out, new Report(ReportOptions.DEFAULT, templates, out).write(target));
        } catch (RuntimeException e) { // the run's files are all there to report on later
            out.println(
                    "report: could not be made (" + e.getMessage() + "); try again with: streamscale report " + target);
            out.flush();
        }
    }

    @Override
    public String where() {
        return where;
    }
}
