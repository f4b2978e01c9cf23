package io.streamscale.run;

import io.streamscale.results.RunStatus;
import io.streamscale.manifest.Schema;
import io.streamscale.results.RunDirectory;
import io.streamscale.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.cluster.Site;
import io.streamscale.manifest.Cell;
import io.streamscale.common.Durations;
import io.streamscale.manifest.Located;
import io.streamscale.manifest.Plan;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.template.TemplateRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs the cells of a manifest in order, each into {@code results/<experiment>/<cell>/rep-<i>/}, and keeps
 * {@code results/index.csv} (every run with its status and headline figures). With resume, complete runs are skipped
 * and failed or interrupted ones run again (the old attempt is kept beside it as {@code rep-<i>.attempt-<n>}).
 */
public final class ExperimentRunner {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExperimentRunner.class);
    private final Path results;
    private final RuntimeLayout runtime;
    private final TemplateRenderer templates;
    private final ObjectNode versions;
    private final PrintWriter out;
    private Site site;
    private SiteSettings perRun;
    private volatile boolean cancelled;
    /** The run preflight refused, after which no run is started. */
    private String refusedAt;
    private volatile String cancelReason = "interrupted (Ctrl-C or SIGTERM)";
    private volatile PipelineRun current;
    private volatile Analyst analysing;
    private WalltimeBudget budget;
    private Analyst analyst;
    private Path home;
    /** Open while a {@link #runAll} is under way (a capacity search calls it once per probe). */
    private volatile java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(0);

    public ExperimentRunner(Path results, RuntimeLayout runtime, TemplateRenderer templates, ObjectNode versions, PrintWriter out) {
        this.results = results.toAbsolutePath().normalize();
        this.runtime = runtime;
        this.templates = templates;
        this.versions = versions;
        this.out = out;
    }

    public RunDirectory dirOf(Cell c) {
        return dirOf(results, c);
    }

    /** Where a cell's run goes under {@code results}: EXPERIMENT/CELL/rep-N. */
    public static RunDirectory dirOf(Path results, Cell c) {
        return new RunDirectory(results.resolve(c.experiment()).resolve(c.name()).resolve("rep-" + c.repetition()));
    }

    /** Whether the cell's run under {@code results} completed (what --resume skips). */
    public static boolean completed(Path results, Cell c) {
        return status(dirOf(results, c)) == RunStatus.COMPLETE;
    }

    /** Where the runs go (the hosts of one reservation, reused by every cell). */
    public ExperimentRunner on(Site site) {
        this.site = site;
        return this;
    }

    /** Who analyses the runs of {@link #on(Site)}'s reservation (default: this machine). */
    public ExperimentRunner analysedBy(Analyst analyst) {
        this.analyst = analyst;
        return this;
    }

    /**
     * With per-run reservations, each run is analysed inside its own reservation by whom
     * {@link SiteSettings#analyst} names, {@code home} being the streamscale home the nodes see.
     */
    public ExperimentRunner analysedFrom(Path home) {
        this.home = home;
        return this;
    }

    /**
     * Each run reserves its own nodes (its cell's count, for the settings' walltime) and releases them when it ends;
     * a run that would not fit in its reservation (less the teardown margin) is not started.
     */
    public ExperimentRunner reservingPerRun(SiteSettings settings) {
        this.perRun = settings;
        return this;
    }

    /** Runs stop at the budget's stop time, and a run that would not fit is not started. */
    public ExperimentRunner within(WalltimeBudget budget) {
        this.budget = budget;
        return this;
    }

    /** @return the number of runs that did not complete */
    public int runAll(List<Cell> cells, boolean resume) {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        finished = running;
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streamscale-walltime");
            t.setDaemon(true);
            return t;
        });
        if (budget != null) {
            long ms = Math.max(0, java.time.Duration.between(java.time.Instant.now(), budget.stopAt()).toMillis());
            timer.schedule(() -> {
                out.printf("walltime: %s left before the deadline, the teardown margin: stopping%n", Durations.format(budget.margin()));
                out.flush();
                cancel("interrupted: the walltime is about to end (teardown margin " + Durations.format(budget.margin()) + ")");
            }, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
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
        return finished.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private int runEach(List<Cell> cells, boolean resume) {
        int notComplete = 0;
        long t0 = System.nanoTime();
        Duration planned = Plan.walltime(cells);
        Duration done = Duration.ZERO;
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            RunDirectory dir = dirOf(c);
            String label = c.label();
            if (cancelled) {
                out.printf("cell %d of %d: %s not started (interrupted)%n", i + 1, cells.size(), label);
                notComplete++;
                continue;
            }
            if (refusedAt != null) { // the same site would refuse it the same way: nothing more is reserved or run
                out.printf("cell %d of %d: %s not started: preflight refused %s (fix what it names, then run again with"
                        + " --resume)%n", i + 1, cells.size(), label, refusedAt);
                notComplete++;
                continue;
            }
            if (budget != null && !budget.fits(needs(c), java.time.Instant.now())) {
                out.printf("cell %d of %d: %s not started: %s of walltime left, it needs about %s%n", i + 1, cells.size(),
                        label, Durations.format(budget.left(java.time.Instant.now())), Durations.format(needs(c)));
                notComplete++;
                continue;
            }
            if (resume && status(dir) == RunStatus.COMPLETE) {
                out.printf("cell %d of %d: %s complete already, skipped%n", i + 1, cells.size(), label);
                done = done.plus(Plan.runTime(c));
                continue;
            }
            moveAsideOldAttempt(dir);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            out.printf("cell %d of %d: %s — %.0f msg/s for %s on %d nodes; elapsed %s, about %s to go%n", i + 1, cells.size(),
                    label, c.rate(), Durations.format(c.warmup().plus(c.duration())), c.nodeCount(), Durations.format(elapsed),
                    Durations.format(planned.minus(done).isNegative() ? Duration.ZERO : planned.minus(done)));
            out.flush();
            PipelineRun.Outcome o;
            if (perRun != null) {
                o = runInItsOwnReservation(c, dir, label);
                if (o == null) {
                    notComplete++;
                    continue;
                }
            } else {
                o = analysed(measureOn(site, c, dir));
            }
            done = done.plus(Plan.runTime(c));
            out.printf("cell %d of %d: %s %s%s%n", i + 1, cells.size(), label, o.status(), o.reason() == null ? "" : " (" + o.reason() + ")");
            if (o.status() != RunStatus.COMPLETE) {
                notComplete++;
            }
            if (o.refusedByPreflight()) {
                refusedAt = label;
            }
            writeIndex();
        }
        writeIndex();
        return notComplete;
    }

    /** The run's outcome, analysed by {@link #analysedBy}'s analyst, or here when there is none or the run was cut short. */
    private PipelineRun.Outcome analysed(PipelineRun run) {
        if (analyst == null || cancelled) {
            return run.summarize(); // cut short: little to read, and the nodes should go back soon
        }
        analysing = analyst;
        try {
            return run.summarize(analyst);
        } catch (RuntimeException e) {
            if (!cancelled) {
                throw e;
            }
            return run.summarize(); // Ctrl-C closed the node's connection
        } finally {
            analysing = null;
        }
    }

    /** The run's estimated time, training included when its model is not in the cache yet. */
    private static Duration needs(Cell c) {
        return Plan.runTime(c, trains(c));
    }

    private static boolean trains(Cell c) {
        return c.get(Schema.MODEL_PATH) == null && !io.streamscale.model.ModelCache.defaults().has(c.modelSpec());
    }

    /** Runs the cell on the site's nodes and tears it down; the summary is the caller's, once nodes are released. */
    private PipelineRun measureOn(Site s, Cell c, RunDirectory dir) {
        PipelineRun run = new PipelineRun(RunSpec.of(c), dir, runtime, templates, provenance(c), s);
        current = run;
        if (cancelled) {
            run.cancel(cancelReason);
        }
        try {
            run.measure();
            return run;
        } finally {
            current = null;
        }
    }

    /**
     * @return the run's outcome, measured, torn down and analysed inside its reservation (a run cut short by Ctrl-C or
     * the walltime: analysed here once its nodes are back); null when it could not start
     */
    private PipelineRun.Outcome runInItsOwnReservation(Cell c, RunDirectory dir, String label) {
        Duration margin = c.get(Schema.SCHEDULER_TEARDOWN_MARGIN);
        Plan.Reservation sized = Plan.perRun(c, trains(c));
        if (!sized.fits()) {
            out.printf("  %s not started: %s%n", label, sized.misfit());
            return null;
        }
        try {
            if (sized.trainingFirst() != null) {
                out.printf("  %s: its model is not in the cache and its training does not fit in the run's reservation of at"
                        + " most %s: training it first on a node of its own (%s)%n", label, Durations.format(sized.limit()),
                        Durations.format(sized.trainingFirst()));
                out.flush();
                ModelTrainer.Result m = TrainingReservation.train(perRun, sized.trainingFirst(), c.modelSpec(), runtime, templates,
                        io.streamscale.model.ModelCache.defaults(), results.resolve(".training"), () -> cancelled);
                out.printf("  model %s: trained on %s%n", m.dir().getFileName(), m.trainedOn());
                sized = Plan.perRun(c, false);
            }
        } catch (io.streamscale.readiness.Readiness.Cancelled e) {
            out.printf("  %s not started (interrupted while training its model)%n", label);
            return null;
        } catch (RuntimeException e) {
            out.printf("  %s not started: training its model failed: %s%n", label, e.getMessage());
            return null;
        }
        PipelineRun measured;
        try (io.streamscale.scheduler.Allocation a = perRun.reserve(c.nodeCount(), sized.length(), () -> cancelled)) {
            out.printf("  %s: %s%n", label, a.description());
            out.flush();
            if (a.endsAt().isPresent()) {
                WalltimeBudget own = new WalltimeBudget(a.endsAt().get(), margin);
                if (!own.fits(needs(c), java.time.Instant.now())) {
                    out.printf("  %s not started: the reservation leaves %s, the run needs about %s (raise scheduler.walltime)%n",
                            label, Durations.format(own.left(java.time.Instant.now())), Durations.format(needs(c)));
                    return null;
                }
            }
            measured = measureOn(perRun.site(a), c, dir);
            if (!cancelled && home != null && !measured.startedNothing()) {
                try (Analyst there = perRun.analyst(a, home, templates)) {
                    analysing = there;
                    out.printf("  %s: analysis on %s%n", label, there.where());
                    out.flush();
                    return measured.summarize(there);
                } catch (RuntimeException e) {
                    if (!cancelled) {
                        throw e;
                    } // Ctrl-C closed the node's connection: the nodes go back, the summary is made below
                } finally {
                    analysing = null;
                }
            }
        } catch (io.streamscale.readiness.Readiness.Cancelled e) {
            out.printf("  %s not started (interrupted while waiting for nodes)%n", label);
            return null;
        } catch (io.streamscale.scheduler.SchedulerException e) {
            out.printf("  %s not started: %s%n", label, e.getMessage());
            return null;
        }
        return measured.summarize(); // a run cut short, once its nodes are back
    }

    /** Stops the current run (it tears down and keeps what it measured) and starts no more. */
    public void cancel() {
        cancel("interrupted (Ctrl-C or SIGTERM)");
    }

    private void cancel(String why) {
        cancelReason = why;
        cancelled = true;
        PipelineRun r = current;
        if (r != null) {
            r.cancel(why);
        }
        Analyst a = analysing;
        if (a != null) {
            a.close(); // a node's analysis ends with its connection, so the reservation can go back at once
        }
    }

    private ObjectNode provenance(Cell c) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("experiment", c.experiment());
        p.put("cell", c.name());
        p.put("repetition", c.repetition());
        ObjectNode settings = p.putObject("resolvedSettings");
        new TreeMap<>(c.settings()).forEach((k, v) -> settings.put(k, text(v)));
        p.set("versions", versions);
        return p;
    }

    private static String text(Located l) {
        return l.value() == null ? null : l.value() instanceof Duration d ? Durations.format(d) : l.text().isEmpty() ? String.valueOf(l.value()) : l.text();
    }

    static RunStatus status(RunDirectory dir) {
        if (!Files.exists(dir.runJson())) {
            return null;
        }
        try {
            return RunStatus.of(Json.MAPPER.readTree(dir.runJson().toFile()).path("status").asText());
        } catch (IOException e) {
            return null; // unreadable: run again
        }
    }

    private static void moveAsideOldAttempt(RunDirectory dir) {
        if (!Files.exists(dir.root())) {
            return;
        }
        try {
            for (int n = 1; ; n++) {
                Path aside = dir.root().resolveSibling(dir.root().getFileName() + ".attempt-" + n);
                if (!Files.exists(aside)) {
                    Files.move(dir.root(), aside);
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the old attempt " + dir.root() + " aside", e);
        }
    }

    /** index.csv from every run directory under results (so it stays right across resumes). */
    public void writeIndex() {
        List<String> rows = new ArrayList<>();
        rows.add("experiment,cell,repetition,status,sent,acked,scored,lost,duplicated,nan_predictions,"
                + "event_latency_steady_mean_s,event_latency_steady_p99_s,processing_latency_steady_mean_s,verdict,dir");
        if (Files.isDirectory(results)) {
            try (Stream<Path> runs = Files.walk(results, 3)) {
                for (Path run : runs.filter(p -> p.getFileName().toString().matches("rep-\\d+") && Files.exists(p.resolve("run.json")))
                        .sorted().toList()) {
                    try {
                        rows.add(indexRow(new RunDirectory(run)));
                    } catch (IOException e) { // one damaged run directory must not stop the study or its resume
                        log.warn("index.csv: {} left out: its run.json or summary.json cannot be read ({})", run, e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + results, e);
            }
        }
        try {
            io.streamscale.common.AtomicFiles.writeString(results.resolve("index.csv"), String.join("\n", rows) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + results.resolve("index.csv"), e);
        }
    }

    private String indexRow(RunDirectory d) throws IOException {
        JsonNode run = Json.MAPPER.readTree(d.runJson().toFile());
        JsonNode s = Files.exists(d.summaryJson()) ? Json.MAPPER.readTree(d.summaryJson().toFile()) : Json.MAPPER.createObjectNode();
        return String.join(",", run.path("experiment").asText(), run.path("cell").asText(), run.path("repetition").asText(),
                run.path("status").asText(), s.path("sent").asText(""), s.path("acked").asText(""),
                s.path("distinctMessages").asText(""), s.path("lost").asText(""), s.path("duplicates").asText(""),
                s.path("nanPredictions").asText(""), num(s.path("steadyState").path("eventLatency").path("mean")),
                num(s.path("steadyState").path("eventLatency").path("p99")), num(s.path("steadyState").path("processingLatency").path("mean")),
                s.path("steadyState").path("verdict").asText(""), results.relativize(d.root()).toString());
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.4f", n.asDouble()) : "";
    }
}
