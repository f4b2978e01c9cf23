package io.streamscale.study;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.cluster.Site;
import io.streamscale.common.Durations;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Plan;
import io.streamscale.manifest.Schema;
import io.streamscale.model.ModelCache;
import io.streamscale.readiness.Readiness;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunIndex;
import io.streamscale.results.RunStatus;
import io.streamscale.results.Summary;
import io.streamscale.results.SummaryPrintout;
import io.streamscale.run.Analyst;
import io.streamscale.run.ModelTrainer;
import io.streamscale.run.Outcome;
import io.streamscale.run.PipelineRun;
import io.streamscale.run.RunSpec;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.scheduler.Allocation;
import io.streamscale.scheduler.SchedulerException;
import io.streamscale.template.TemplateRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs cells, each into {@code results/<experiment>/<cell>/rep-<i>/}, on the nodes its {@link Where} says, and keeps
 * {@code results/index.csv}. With resume, complete runs are skipped and failed or interrupted ones run again (the old
 * attempt is kept beside it as {@code rep-<i>.attempt-<n>}). What it runs on is fixed when it is made; only
 * cancellation changes it.
 */
public final class CellRunner {
    /** What every run of a study shares: where results go, the runtime, templates, versions and the printout. */
    public record Setup(
            Path results,
            RuntimeLayout runtime,
            TemplateRenderer templates,
            ObjectNode versions,
            PrintWriter out,
            Path home) {
        public Setup {
            results = results.toAbsolutePath().normalize();
        }
    }

    /**
     * Where runs go: the hosts of one reservation (with who analyses them there, null: this machine), or a reservation of
     * each run's own ({@code perRun}, sized from the run, analysed inside it); and the walltime they stop at (null: none).
     */
    public record Where(Site site, Analyst analyst, SiteSettings perRun, WalltimeBudget budget) {}

    private final Setup setup;
    private final Where where;
    private final Cancellation cancellation = new Cancellation();
    /** Open while a {@link #runAll} is under way (a capacity search calls it once per probe). */
    private volatile CountDownLatch finished = new CountDownLatch(0);
    /** The run preflight refused, after which no run is started. */
    private String refusedAt;

    public CellRunner(Setup setup, Where where) {
        this.setup = setup;
        this.where = where;
    }

    /** Where a cell's run goes under {@code results}: EXPERIMENT/CELL/rep-N. */
    public static RunDirectory dirOf(Path results, Cell c) {
        return new RunDirectory(
                results.resolve(c.experiment()).resolve(c.name()).resolve("rep-" + c.repetition()));
    }

    /** Whether the cell's run under {@code results} completed (what --resume skips). */
    public static boolean completed(Path results, Cell c) {
        return dirOf(results, c).status() == RunStatus.COMPLETE;
    }

    public Path results() {
        return setup.results();
    }

    /** @return the number of runs that did not complete */
    public int runAll(List<Cell> cells, boolean resume) {
        CountDownLatch running = new CountDownLatch(1);
        finished = running;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streamscale-walltime");
            t.setDaemon(true);
            return t;
        });
        WalltimeBudget budget = where.budget();
        if (budget != null) {
            long ms =
                    Math.max(0, Duration.between(Instant.now(), budget.stopAt()).toMillis());
            timer.schedule(
                    () -> {
                        setup.out()
                                .printf(
                                        "walltime: %s left before the deadline, the teardown margin: stopping%n",
                                        Durations.format(budget.margin()));
                        setup.out().flush();
                        cancel("interrupted: the walltime is about to end (teardown margin "
                                + Durations.format(budget.margin()) + ")");
                    },
                    ms,
                    TimeUnit.MILLISECONDS);
        }
        try {
            return runEach(cells, resume);
        } finally {
            timer.shutdownNow();
            running.countDown();
        }
    }

    /** Waits until the {@link #runAll} under way, if any, has returned (the current run torn down). */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private int runEach(List<Cell> cells, boolean resume) {
        PrintWriter out = setup.out();
        int notComplete = 0;
        long t0 = System.nanoTime();
        Duration planned = Plan.walltime(cells);
        Duration done = Duration.ZERO;
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            RunDirectory dir = dirOf(setup.results(), c);
            String at = String.format("cell %d of %d: %s", i + 1, cells.size(), c.label());
            String skip = reasonToSkip(c, resume && dir.status() == RunStatus.COMPLETE);
            if (skip != null) {
                out.println(at + " " + skip);
                if (skip.startsWith("complete")) {
                    done = done.plus(Plan.runTime(c));
                } else {
                    notComplete++;
                }
                continue;
            }
            dir.moveAside();
            Duration left = planned.minus(done).isNegative() ? Duration.ZERO : planned.minus(done);
            out.printf(
                    "%s — %.0f msg/s for %s on %d nodes; elapsed %s, about %s to go%n",
                    at,
                    c.rate(),
                    Durations.format(c.warmup().plus(c.duration())),
                    c.nodeCount(),
                    Durations.format(Duration.ofNanos(System.nanoTime() - t0)),
                    Durations.format(left));
            out.flush();
            Outcome o = where.perRun() != null ? new PerRunReservation(this, c, dir).run() : measure(c, dir);
            if (o == null) {
                notComplete++;
                continue;
            }
            done = done.plus(Plan.runTime(c));
            out.printf("%s %s%s%n", at, o.status(), o.reason() == null ? "" : " (" + o.reason() + ")");
            if (o.status() != RunStatus.COMPLETE) {
                notComplete++;
            }
            if (o.refusedByPreflight()) {
                refusedAt = c.label();
            }
            RunIndex.write(setup.results());
        }
        RunIndex.write(setup.results());
        return notComplete;
    }

    /** Why the cell is not run now (interrupted, refused, out of walltime, complete already), or null to run it. */
    private String reasonToSkip(Cell c, boolean completeAlready) {
        if (cancellation.cancelled()) {
            return "not started (interrupted)";
        }
        if (refusedAt != null) { // the same site would refuse it the same way: nothing more is reserved or run
            return "not started: preflight refused " + refusedAt + " (fix what it names, then run again with --resume)";
        }
        WalltimeBudget budget = where.budget();
        if (budget != null && !budget.fits(needs(c), Instant.now())) {
            return "not started: " + Durations.format(budget.left(Instant.now())) + " of walltime left, it needs about "
                    + Durations.format(needs(c));
        }
        return completeAlready ? "complete already, skipped" : null;
    }

    /** One run of the command line into {@code dir}, its summary printed when it ends; 0 when it completed. */
    int runOne(Cell c, RunDirectory dir) {
        try {
            Files.createDirectories(dir.root());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir.root(), e);
        }
        CountDownLatch running = new CountDownLatch(1);
        finished = running;
        try {
            Outcome o = measure(c, dir);
            SummaryPrintout.print(setup.out(), o.status(), o.reason(), o.notStarted(), Summary.of(o.summary()));
            return o.status() == RunStatus.COMPLETE ? 0 : 1;
        } finally {
            running.countDown();
        }
    }

    /** Measures the cell into {@code dir} on the shared reservation's nodes and analyses it there (a one-cell study's run). */
    Outcome measure(Cell c, RunDirectory dir) {
        return analysed(measureOn(where.site(), c, dir), where.analyst());
    }

    /** The run's outcome, analysed by {@code analyst}, or here when there is none or the run was cut short. */
    Outcome analysed(PipelineRun run, Analyst analyst) {
        if (analyst == null || cancellation.cancelled() || run.startedNothing()) {
            return run.summarize(); // cut short: little to read, and the nodes should go back soon
        }
        return cancellation.whileAnalysing(analyst, () -> run.summarize(analyst), run::summarize);
    }

    /** The run's estimated time, training included when its model is not in the cache yet. */
    static Duration needs(Cell c) {
        return Plan.runTime(c, trains(c));
    }

    static boolean trains(Cell c) {
        return c.get(Schema.MODEL_PATH) == null && !ModelCache.defaults().has(c.modelSpec());
    }

    /** Runs the cell on the site's nodes and tears it down; the summary is the caller's, once nodes are released. */
    PipelineRun measureOn(Site s, Cell c, RunDirectory dir) {
        PipelineRun run = new PipelineRun(
                RunSpec.of(c), dir, setup.runtime(), setup.templates(), Provenance.of(c, setup.versions()), s);
        cancellation.running(run);
        try {
            run.measure();
            return run;
        } finally {
            cancellation.running(null);
        }
    }

    /** Trains the cell's model on a node of a reservation of its own, before the run's reservation. */
    ModelTrainer.Result trainFirst(Cell c, Duration length) {
        return TrainingReservation.train(
                where.perRun(),
                length,
                c.modelSpec(),
                setup.runtime(),
                setup.templates(),
                ModelCache.defaults(),
                setup.results().resolve(".training"),
                cancellation::cancelled);
    }

    Allocation reserveFor(Cell c, Duration length) throws SchedulerException, Readiness.Cancelled {
        return Reservation.hold(where.perRun(), c.nodeCount(), length, cancellation::cancelled);
    }

    Analyst analystOn(Allocation a) {
        return setup.home() == null ? null : Reservation.analyst(where.perRun(), a, setup.home(), setup.templates());
    }

    Site site(Allocation a) {
        return where.perRun().site(a);
    }

    <T> T whileAnalysing(Analyst analyst, Supplier<T> work, Supplier<T> cutShort) {
        return cancellation.whileAnalysing(analyst, work, cutShort);
    }

    PrintWriter out() {
        return setup.out();
    }

    boolean cancelled() {
        return cancellation.cancelled();
    }

    /** Stops the current run (it tears down and keeps what it measured) and starts no more. */
    public void cancel() {
        cancel("interrupted (Ctrl-C or SIGTERM)");
    }

    private void cancel(String why) {
        cancellation.cancel(why);
    }
}
