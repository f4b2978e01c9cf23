package io.streamscale.study;

import io.streamscale.common.Durations;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Schema;
import io.streamscale.results.RunFinder;
import io.streamscale.run.Analyst;
import io.streamscale.run.LocalAnalyst;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.scheduler.Allocation;
import io.streamscale.scheduler.Backend;
import io.streamscale.template.TemplateRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every command that runs cells runs them through one session: it reserves nodes (once for all cells, or once per run
 * with {@code scheduler.reservation: per-run}), runs the cells by a {@link Strategy} (each once, a capacity search, a
 * ramp, one run of the command line), analyses and reports inside the reservation, owns cancellation (Ctrl-C, SIGTERM)
 * and the walltime, and releases the nodes on every exit path.
 */
public final class StudySession {
    /**
     * @param results           where run directories go
     * @param resume            skip runs that completed, run again those that did not
     * @param stopAfter         stop this long from now (null: when the reservation ends)
     * @param reservationLength the shared reservation's length (null: scheduler.walltime)
     * @param reports           the experiment or run directories to report on at the end (empty: no report)
     */
    public record Options(
            Path results,
            boolean resume,
            Duration stopAfter,
            Duration reservationLength,
            List<Path> reports,
            PrintWriter out) {}

    private final List<Cell> cells;
    private final SiteSettings site;
    private final Options options;
    private final Path home;
    private final CellRunner.Setup setup;
    private volatile CellRunner runner;

    /** @param home the streamscale home (runtime bundle, templates) */
    public StudySession(List<Cell> cells, SiteSettings site, Options options, Path home) {
        this.cells = cells;
        this.site = site;
        this.options = options;
        this.home = home;
        RuntimeLayout bundle = RuntimeLayout.defaults(home);
        bundle.verifyLocally();
        RuntimeLayout runtime = site.onNodes(bundle);
        this.setup = new CellRunner.Setup(
                options.results(),
                runtime,
                new TemplateRenderer(home.resolve("templates")),
                Provenance.versions(runtime, home),
                options.out(),
                home);
    }

    /** @return how many runs (or searches) did not complete */
    public int run(Strategy strategy) {
        PrintWriter out = options.out();
        Duration margin = cells.stream()
                .map(c -> c.get(Schema.SCHEDULER_TEARDOWN_MARGIN))
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
        if (site.reservesPerRun()) {
            out.printf(
                    "reserving nodes through %s for each of the %d run(s), each sized from its run (at most %s:"
                            + " scheduler.walltime)%n",
                    site.backend(), cells.size(), Durations.format(site.walltime()));
            out.flush();
            CellRunner r = new CellRunner(setup, new CellRunner.Where(null, null, site, budget(null, margin)));
            runner = r;
            int n = OnInterrupt.guard(r::cancel, r::awaitFinished, () -> strategy.run(r, cells, options.resume()));
            reportAfterwards(false);
            return n;
        }
        int nodes = cells.stream().mapToInt(Cell::nodeCount).max().orElse(1);
        Duration length = options.reservationLength() != null ? options.reservationLength() : site.walltime();
        if (site.backend() != Backend.LOCAL) {
            out.printf(
                    "reserving %d node(s) for %s through %s (all %d run(s) use this one reservation)%n",
                    nodes, Durations.format(length), site.backend(), cells.size());
            out.flush();
        }
        AtomicBoolean reported = new AtomicBoolean();
        int n = Reservation.guarded(
                site,
                nodes,
                length,
                (allocation, stopped) -> {
                    try (Analyst analyst = Reservation.analyst(site, allocation, home, setup.templates())) {
                        CellRunner r = new CellRunner(
                                setup,
                                new CellRunner.Where(site.site(allocation), analyst, null, budget(allocation, margin)));
                        runner = r;
                        if (stopped.getAsBoolean()) {
                            r.cancel();
                        }
                        if (site.backend() != Backend.LOCAL) {
                            out.println("analysis: on " + analyst.where());
                            out.flush();
                        }
                        int notComplete = strategy.run(r, cells, options.resume());
                        if (!stopped.getAsBoolean()) { // before the nodes go back
                            if (!noneToReport()) {
                                reportable().forEach(d -> analyst.report(d, out));
                            }
                            reported.set(true);
                        }
                        return notComplete;
                    }
                },
                () -> {
                    CellRunner r = runner;
                    if (r != null) {
                        r.cancel();
                    }
                });
        if (!reported.get()) {
            reportAfterwards(true);
        }
        return n;
    }

    /** Where the runs stop: {@code stopAfter} from now, or the reservation's end (none when it has none). */
    private WalltimeBudget budget(Allocation a, Duration margin) {
        if (options.stopAfter() != null) {
            return new WalltimeBudget(Instant.now().plus(options.stopAfter()), margin);
        }
        return a == null
                ? null
                : a.endsAt().map(end -> new WalltimeBudget(end, margin)).orElse(null);
    }

    /** Says so when there are reports to make but no complete run to make them of. */
    private boolean noneToReport() {
        if (reportable().isEmpty()) {
            if (!options.reports().isEmpty()) {
                options.out().println("report: not made: no run completed");
            }
            return true;
        }
        return false;
    }

    private List<Path> reportable() {
        return options.reports().stream().filter(RunFinder::anyComplete).toList();
    }

    /**
     * The reports not made inside the reservation: in a one-node reservation of their own when this machine is a
     * front-end (a node makes them), here otherwise.
     *
     * @param cutShort the study's shared reservation ended before its reports (Ctrl-C, walltime)
     */
    private void reportAfterwards(boolean cutShort) {
        PrintWriter out = options.out();
        if (noneToReport()) {
            return;
        }
        List<Path> there = reportable();
        if (!site.reservesFromFrontEnd()) {
            there.forEach(d -> new LocalAnalyst(setup.templates()).report(d, out));
            return;
        }
        if (cutShort) {
            there.forEach(d ->
                    out.println("report: not made (interrupted); make it on a node with: streamscale report " + d));
            return;
        }
        out.println("report: reserving a node to make it on");
        out.flush();
        try {
            Reservation.guarded(
                    site,
                    1,
                    Reservation.REPORT,
                    (allocation, stopped) -> {
                        try (Analyst analyst = Reservation.analyst(site, allocation, home, setup.templates())) {
                            there.forEach(d -> analyst.report(d, out));
                        }
                        return null;
                    },
                    () -> {});
        } catch (RuntimeException e) {
            out.println("report: not made (" + e.getMessage() + "); make it on a node with: streamscale report "
                    + there.get(0).getParent());
        }
    }
}
