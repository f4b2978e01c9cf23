package io.streamscale.cli;

import io.streamscale.manifest.Schema;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Located;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestError;
import io.streamscale.manifest.ManifestException;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.manifest.RealTimeSite;
import io.streamscale.run.ExperimentRunner;
import io.streamscale.run.PipelineRun;
import io.streamscale.run.Provenance;
import io.streamscale.run.WalltimeBudget;
import io.streamscale.results.ReportPrintout;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.ResultsSpace;
import io.streamscale.results.RunFinder;
import io.streamscale.run.RunBytes;
import io.streamscale.run.RunSpec;
import io.streamscale.run.SiteSettings;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.template.TemplateRenderer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", abbreviateSynopsis = true, mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = RunOverrides.Defaults.class,
        description = {
                "Run the streaming recommender end to end and measure it: one run from the options below, or every "
                        + "cell of a manifest (run experiments.yaml --experiment NAME [--resume]).",
                "",
                "Reserves nodes (--scheduler: local loopback aliases by default, SLURM or DAS-5's preserve; a "
                        + "manifest's cells share one reservation), brings up ZooKeeper/Kafka/Spark on them (as `up`), trains "
                        + "an ALS model on synthetic ratings unless --model or --ratings is given, creates the topic (one "
                        + "partition per broker by default), starts the Spark Structured Streaming scorer, runs the open-loop "
                        + "generators at --rate for --duration, waits until everything acked is scored, tears everything down "
                        + "(also on failure and Ctrl-C) and summarizes: sent/acked/scored/lost/duplicated, NaN predictions, "
                        + "event and processing latency. Every run gets a new directory under --results (printed on the last "
                        + "line)."},
        footer = {"", "Examples:", "  streamscale run                                   # 1x1, 5000 msg/s: 30 s warm-up, a measured minute",
                "  streamscale run --kafka 2 --spark 2 --rate 20000 --duration 2m",
                "  streamscale run --ratings ratings_small.csv --mode transform",
                "  streamscale run experiments.yaml --experiment quickstart --results results/",
                "  streamscale run experiments.yaml --experiment quickstart --resume",
                "  streamscale run --scheduler slurm --kafka 3 --spark 3 --rate 16700 --duration 10m   # from a login node",
                "  streamscale run experiments.yaml --experiment scaling --scheduler prun"})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "MANIFEST",
            description = "Run the cells of this manifest (e.g. experiments.yaml) instead of one run from the options.")
    Path manifest;
    @Option(names = "--experiment", paramLabel = "NAME", description = "With a manifest: only these experiments (repeatable; default: all).")
    List<String> experimentNames = new ArrayList<>();
    @Option(names = "--walltime", converter = DurationConverter.class, paramLabel = "DURATION",
            description = {
                    "With a manifest: stop this long from now (default: when the reservation ends), keeping "
                            + "scheduler.teardownMargin for teardown; runs that would not fit are not started. One run on "
                            + "slurm/prun: the reservation's length (default: the run's estimate, as `plan` prints it)."})
    Duration walltime;
    @Option(names = "--resume", description = "With a manifest: skip runs that completed, run again those that failed or were interrupted.")
    boolean resume;
    @Option(names = "--only", paramLabel = "RUN", description = "With a manifest: only this run, EXPERIMENT/CELL/rep-N as `plan`"
            + " lists it (repeatable; `submit` gives each job one).")
    List<String> only = new ArrayList<>();

    @Option(names = "--kafka", paramLabel = "K", description = "Kafka nodes (default: ${DEFAULT-VALUE}).")
    int kafka;
    @Option(names = "--spark", paramLabel = "S", description = "Spark worker nodes (default: ${DEFAULT-VALUE}).")
    int spark;
    @Option(names = "--zookeeper", paramLabel = "Z", description = "ZooKeeper nodes, zookeeper mode (default: ${DEFAULT-VALUE}).")
    int zookeeper;
    @Option(names = "--kafka-mode", paramLabel = "MODE", description = "zookeeper or kraft (default: ${DEFAULT-VALUE}).")
    String kafkaMode;
    @Option(names = "--kafka-auth", paramLabel = "HOW", description = "Who may use the run's Kafka and ZooKeeper: scram (the"
            + " run's own credentials), none (anyone who reaches the nodes) or auto (scram on any scheduler but local; the default).")
    String kafkaAuth;
    @Option(names = "--rate", paramLabel = "MSG/S", description = "Total offered load in messages/s (default: ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the measured load runs, after --warmup (default: ${DEFAULT-VALUE}).")
    Duration duration;
    @Option(names = "--warmup", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Load before the measured part: left out of the steady-state figures (default: ${DEFAULT-VALUE}).")
    Duration warmup;
    @Option(names = "--ramp-up", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The first part of the warm-up, over which the rate rises linearly from 0, so a cold path does not"
                    + " start behind (default: ${DEFAULT-VALUE}; cut to --warmup; 0: the full rate at once).")
    Duration rampUp;
    @Option(names = "--generators", paramLabel = "P",
            description = "Generator instances per generator node, each its own id, schedule and accounting (default: ${DEFAULT-VALUE}, as the seed's 32 processes).")
    int generators;
    @Option(names = "--scorer-warmup", paramLabel = "N",
            description = "Messages the scorer scores through Kafka before the load, to warm the path (default: ${DEFAULT-VALUE}; 0: none).")
    int scorerWarmup;
    @Option(names = "--producers", paramLabel = "N",
            description = "Kafka producers per generator node, shared by its instances, each with one pacing thread (default: ${DEFAULT-VALUE}).")
    int producers;
    @Option(names = "--generator-nodes", paramLabel = "G", description = "Generator nodes (default: ${DEFAULT-VALUE}).")
    int generatorNodes;
    @Option(names = "--partitions", paramLabel = "N", description = "Topic partitions; 0 = one per broker (default: ${DEFAULT-VALUE}).")
    int partitions;
    @Option(names = "--replication", paramLabel = "RF", description = "Topic replication factor (default: ${DEFAULT-VALUE}, as the seed).")
    int replication;
    @Option(names = "--min-insync-replicas", paramLabel = "N", description = "Topic min.insync.replicas (default: the broker's, 1).")
    Integer minInsync;
    @Option(names = "--acks", description = "Producer acks: 0, 1 or all (default: ${DEFAULT-VALUE}).")
    String acks;
    @Option(names = "--linger-ms", description = "Producer linger.ms (default: ${DEFAULT-VALUE}).")
    int lingerMs;
    @Option(names = "--batch-size", description = "Producer batch.size in bytes (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--compression", description = "Producer compression.type (default: ${DEFAULT-VALUE}).")
    String compression;
    @Option(names = "--mode", description = "Scoring: broadcast (dot product over broadcast factors) or transform (ALSModel.transform, as the seed); identical predictions (default: ${DEFAULT-VALUE}).")
    String mode;
    @Option(names = "--processing", description = "microbatch (a Spark job per trigger) or realtime (Spark's real-time mode:"
            + " long-running tasks score each row as it arrives; needs Spark cores >= partitions) (default: ${DEFAULT-VALUE}).")
    String processing;
    @Option(names = "--sink", description = "parquet (files, readable when their batch or epoch commits) or kafka (an output"
            + " topic, readable at once; a consumer on a generator node records delivered latency) (default: ${DEFAULT-VALUE}).")
    String sink;
    @Option(names = "--trigger", converter = DurationConverter.class, description = "Micro-batch trigger interval; 0: each batch as soon as the last one ended (default: ${DEFAULT-VALUE}).")
    Duration trigger;
    @Option(names = "--checkpoint-interval", converter = DurationConverter.class, description = "Real-time mode: how often offsets are committed (>= 5s; not a latency) (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;
    @Option(names = "--max-offsets-per-trigger", paramLabel = "N", description = "Cap on messages per micro-batch (default: none).")
    Long maxOffsetsPerTrigger;
    @Option(names = "--model", paramLabel = "DIR", description = "A model from `streamscale train` (default: the cached model of --ratings, --rank and --iterations; trained once, then reused).")
    Path model;
    @Option(names = "--ratings", paramLabel = "FILE", description = "Train the run's model on these ratings instead of synthetic ones.")
    Path ratings;
    @Option(names = "--rank", paramLabel = "N", description = "ALS rank of the run's model (default: ${DEFAULT-VALUE}, as the seed).")
    int rank;
    @Option(names = "--iterations", paramLabel = "N", description = "ALS iterations of the run's model (default: ${DEFAULT-VALUE}).")
    int iterations;
    @Option(names = "--spark-master", paramLabel = "WHERE",
            description = "shared: the Spark master and the driver on the first worker's node (the seed); own: a node of their own (default: ${DEFAULT-VALUE}).")
    String sparkMaster;
    @Option(names = "--supervise-driver", description = "Restart the streaming driver from its checkpoint whenever it dies.")
    boolean superviseDriver;
    @Option(names = "--worker-cores", description = "Cores per Spark worker (default: ${DEFAULT-VALUE}).")
    int workerCores;
    @Option(names = "--worker-memory", description = "Memory per Spark worker (default: ${DEFAULT-VALUE}).")
    String workerMemory;
    @Option(names = "--executor-memory", description = "Memory per executor (default: ${DEFAULT-VALUE}).")
    String executorMemory;
    @Option(names = "--drain-timeout", converter = DurationConverter.class,
            description = "How long the scorer may take to score the backlog after the load ends (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;
    @Option(names = "--restart-driver-at", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Kill the streaming driver (SIGKILL) this long after the load starts and restart it from its checkpoint.")
    Duration restartDriverAt;
    @CommandLine.Mixin
    SiteOverrides where = new SiteOverrides();
    @Option(names = "--scratch", paramLabel = "DIR", description = "Node-local scratch on cluster nodes (default: /tmp/streamscale-$USER).")
    String scratch;
    @Option(names = "--shared-filesystem", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Whether cluster nodes see this checkout and --results at the same paths (default: yes). With"
                    + " --no-shared-filesystem the runtime and model are shipped to each node's scratch and results fetched back.")
    boolean sharedFilesystem;
    @Option(names = "--address-pattern", paramLabel = "PATTERN", defaultValue = "{host}",
            description = "The address daemons bind to, from the host name (default: ${DEFAULT-VALUE}; DAS-5 InfiniBand: {host}.ib.cluster).")
    String addressPattern;
    @Option(names = "--partition", paramLabel = "NAME", description = "SLURM partition for the reservation.")
    String partition;
    @Option(names = "--start-timeout", converter = DurationConverter.class, defaultValue = "30m", paramLabel = "DURATION",
            description = "How long a pending reservation may wait before it is cancelled (default: ${DEFAULT-VALUE}).")
    Duration startTimeout;
    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR", description = "Where run directories go (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--no-report", negatable = true, defaultValue = "true",
            description = "Make the report (streamscale report) of what ran when it ends (default: on).")
    boolean report;

    /**
     * What a manifest's reservation is used for: its runs in turn, or (the {@code capacity} command) a search that
     * decides its runs as it goes. Returns how many runs or searches did not complete.
     */
    interface Study {
        int run(ExperimentRunner runner, List<Cell> cells, boolean resume);
    }

    /** The default study: a manifest's cells, each run in turn. */
    static final Study EACH_RUN = (runner, cells, resume) -> runner.runAll(cells, resume);
    /** What the reservation is used for ({@code capacity} sets its search). */
    Study study = EACH_RUN;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        SiteOverrides.check(cmd.commandLine(), "--java-home", "scheduler.javaHome", where.javaHome);
        SiteOverrides.check(cmd.commandLine(), "--scratch", "scratch", scratch);
        SiteOverrides.check(cmd.commandLine(), "--address-pattern", "scheduler.addressPattern", addressPattern);
        if (manifest != null || !experimentNames.isEmpty()) {
            return runManifest(out);
        }
        checkFiles();
        Cell cell = RunOverrides.cell(cmd.commandLine(), givenOverrides(), restartDriverAt == null ? List.of()
                : List.of("{at: \"" + RunOverrides.exact(restartDriverAt)
                        + "\", action: kill, target: spark-driver, restartAfter: 1s}"), where.scheduler == null ? null : where.scheduler.toString());
        io.streamscale.scheduler.Backend backend = where.scheduler == null ? io.streamscale.scheduler.Backend.LOCAL : where.scheduler;
        if (RealTimeSite.refusal(backend, sharedFilesystem, cell.get(Schema.SPARK_SINK)) != null
                && cell.get(Schema.SPARK_PROCESSING) == io.streamscale.jobs.scorer.Processing.REALTIME) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "--processing realtime with --no-shared-filesystem on"
                    + " --scheduler " + backend + ": " + RealTimeSite.REASON + "; use --sink kafka, --processing microbatch or a shared filesystem");
        }
        Path home = Home.get();
        RuntimeLayout bundle = RuntimeLayout.defaults(home);
        bundle.verifyLocally();
        RuntimeLayout runtime = bundle.withInstallations(null, null, where.javaHome);
        RunSpec spec = io.streamscale.run.RunSpec.of(cell);
        fits(RunBytes.of(spec).results());
        String id = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-k" + spec.cluster().kafka() + "s" + spec.cluster().spark()
                + "-r" + String.format(Locale.ROOT, "%.0f", spec.load().rate());
        Path root = results.resolve(id);
        for (int i = 2; Files.exists(root); i++) {
            root = results.resolve(id + "-" + i);
        }
        RunDirectory dir = new RunDirectory(root);
        com.fasterxml.jackson.databind.node.ObjectNode provenance = io.streamscale.common.Json.MAPPER.createObjectNode();
        provenance.set("versions", Provenance.versions(runtime, home));
        SiteSettings site = new SiteSettings(backend,
                walltime != null ? walltime : Reserved.oneRunWalltime(cell), startTimeout, partition, null, null,
                addressPattern, where.sshConfigFile(), scratch != null ? scratch : "/tmp/streamscale-${USER}", sharedFilesystem,
                "preserve", false, where.javaHome, where.launcher != null ? where.launcher : io.streamscale.scheduler.Launcher.SSH);
        if (site.conflict() != null) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "--launcher " + where.launcher + ": " + site.conflict());
        }
        java.util.concurrent.atomic.AtomicReference<PipelineRun> current = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<io.streamscale.run.Analyst> analysing = new java.util.concurrent.atomic.AtomicReference<>();
        TemplateRenderer templates = new TemplateRenderer(home.resolve("templates"));
        Analysed analysed = Reserved.run(site, spec.nodesNeeded(),
                (allocation, stopped) -> {
                    createDirectories(dir.root());
                    PipelineRun run = new PipelineRun(spec, dir, runtime, templates, provenance, site.site(allocation));
                    current.set(run);
                    if (stopped.getAsBoolean()) {
                        run.cancel();
                    }
                    run.measure();
                    if (stopped.getAsBoolean()) {
                        return new Analysed(run, null, false); // Ctrl-C: the nodes go back first
                    }
                    if (run.startedNothing()) { // refused or failed before any daemon: nothing to analyse or report
                        PipelineRun.Outcome o = run.summarize();
                        printSummary(out, o);
                        return new Analysed(run, o, true);
                    }
                    try (io.streamscale.run.Analyst analyst = site.analyst(allocation, home, templates)) {
                        analysing.set(analyst);
                        if (site.backend() != io.streamscale.scheduler.Backend.LOCAL) {
                            out.println("analysis: on " + analyst.where());
                            out.flush();
                        }
                        PipelineRun.Outcome o = run.summarize(analyst); // inside the reservation: the analysis may be a node's
                        printSummary(out, o); // before the report's lines, as the README shows
                        if (report && Files.isRegularFile(dir.runJson())) {
                            analyst.report(dir.root(), out);
                        }
                        return new Analysed(run, o, true);
                    } catch (RuntimeException e) {
                        if (stopped.getAsBoolean()) {
                            return new Analysed(run, null, false); // Ctrl-C cut the node's analysis short
                        }
                        throw e;
                    }
                }, () -> {
                    PipelineRun r = current.get();
                    if (r != null) {
                        r.cancel();
                    }
                    io.streamscale.run.Analyst a = analysing.get();
                    if (a != null) {
                        a.close(); // a node's analysis ends with its connection: the nodes can go back at once
                    }
                });
        PipelineRun.Outcome outcome = analysed.outcome();
        if (outcome == null) { // interrupted: a short run, analysed here once its nodes are back
            outcome = analysed.run().summarize();
            printSummary(out, outcome);
        }
        if (report && !analysed.reported() && Files.isRegularFile(dir.runJson())) {
            new io.streamscale.run.LocalAnalyst(templates).report(dir.root(), out);
        }
        out.println("run directory: " + dir.root());
        out.flush();
        return outcome.status() == io.streamscale.results.RunStatus.COMPLETE ? 0 : 1;
    }

    /** A measured run, with its outcome and report when they were made inside its reservation. */
    private record Analysed(PipelineRun run, PipelineRun.Outcome outcome, boolean reported) {
    }

    private int runManifest(PrintWriter out) {
        Path file = manifest != null ? manifest : Path.of("experiments.yaml");
        Manifest m = ManifestReader.read(file);
        List<Cell> cells = onlyThese(m.cells(m.select(experimentNames)));
        SiteSettings site = oneSite(file, cells);
        partitionsPossible(file, cells, site);
        fits(cells.stream().filter(c -> !resume || !ExperimentRunner.completed(results, c))
                .mapToLong(c -> RunBytes.of(io.streamscale.run.RunSpec.of(c)).results()).sum());
        Path home = Home.get();
        RuntimeLayout bundle = RuntimeLayout.defaults(home);
        bundle.verifyLocally();
        RuntimeLayout runtime = site.onNodes(bundle);
        ExperimentRunner runner = new ExperimentRunner(results, runtime, new TemplateRenderer(home.resolve("templates")),
                Provenance.versions(runtime, home), out);
        Duration margin = cells.stream().map(c -> c.get(Schema.SCHEDULER_TEARDOWN_MARGIN))
                .max(Duration::compareTo).orElse(Duration.ZERO);
        int nodes = cells.stream().mapToInt(Cell::nodeCount).max().orElse(1);
        boolean perRun = site.reservesPerRun();
        if (perRun) {
            reservationsFit(file, cells);
        }
        if (site.backend() != io.streamscale.scheduler.Backend.LOCAL) {
            out.println(perRun ? String.format("reserving nodes through %s for each of the %d run(s), each sized from its run"
                            + " (at most %s: scheduler.walltime)", site.backend(), cells.size(), io.streamscale.common.Durations.format(site.walltime()))
                    : String.format("reserving %d node(s) for %s through %s (all %d run(s) use this one reservation)", nodes,
                    io.streamscale.common.Durations.format(site.walltime()), site.backend(), cells.size()));
            out.flush();
        }
        TemplateRenderer templates = new TemplateRenderer(home.resolve("templates"));
        List<Path> reports = report ? cells.stream().map(Cell::experiment).distinct().map(results::resolve).toList() : List.of();
        java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
        int notComplete = perRun ? runEachInItsOwnReservation(runner.analysedFrom(home), cells, site, margin) : Reserved.run(site, nodes, (allocation, stopped) -> {
            runner.on(site.site(allocation));
            if (walltime != null) {
                runner.within(new WalltimeBudget(java.time.Instant.now().plus(walltime), margin));
            } else {
                allocation.endsAt().ifPresent(end -> runner.within(new WalltimeBudget(end, margin)));
            }
            if (stopped.getAsBoolean()) {
                runner.cancel();
            }
            try (io.streamscale.run.Analyst analyst = site.analyst(allocation, home, templates)) {
                if (site.backend() != io.streamscale.scheduler.Backend.LOCAL) {
                    out.println("analysis: on " + analyst.where());
                }
                int n = study.run(runner.analysedBy(analyst), cells, resume);
                if (!stopped.getAsBoolean()) { // before the nodes go back
                    reports.stream().filter(RunFinder::anyComplete).forEach(d -> analyst.report(d, out));
                    reported.set(true);
                }
                return n;
            }
        }, runner::cancel);
        List<Path> reportable = reports.stream().filter(RunFinder::anyComplete).toList();
        if (!reported.get() && !reportable.isEmpty()) {
            reportAfterwards(out, site, home, templates, reportable);
        } else if (!reports.isEmpty() && reportable.isEmpty()) {
            out.println("report: not made: no run completed");
        }
        if (study == EACH_RUN) { // a search prints its own answers
            out.printf("%d of %d runs complete; index: %s%n", cells.size() - notComplete, cells.size(),
                    results.toAbsolutePath().normalize().resolve("index.csv"));
        }
        out.flush();
        return notComplete == 0 ? 0 : 1;
    }

    /**
     * The reports of a study whose runs had reservations of their own: in a one-node reservation of their own when this
     * machine is a front-end (a node makes them), here otherwise.
     */
    private void reportAfterwards(PrintWriter out, SiteSettings site, Path home, TemplateRenderer templates, List<Path> reports) {
        List<Path> there = reports;
        if (!site.reservesFromFrontEnd()) {
            there.forEach(d -> new io.streamscale.run.LocalAnalyst(templates).report(d, out));
            return;
        }
        if (!site.reservesPerRun()) { // the study's reservation was cut short (Ctrl-C, walltime)
            there.forEach(d -> out.println("report: not made (interrupted); make it on a node with: streamscale report " + d));
            return;
        }
        out.println("report: reserving a node to make it on");
        out.flush();
        try {
            Reserved.run(site, 1, Reserved.REPORT, (allocation, stopped) -> {
                try (io.streamscale.run.Analyst analyst = site.analyst(allocation, home, templates)) {
                    there.forEach(d -> analyst.report(d, out));
                }
                return null;
            }, () -> {
            });
        } catch (RuntimeException e) {
            out.println("report: not made (" + e.getMessage() + "); make it on a node with: streamscale report " + there.get(0).getParent());
        }
    }

    private int runEachInItsOwnReservation(ExperimentRunner runner, List<Cell> cells, SiteSettings site, Duration margin) {
        runner.reservingPerRun(site);
        if (walltime != null) {
            runner.within(new WalltimeBudget(java.time.Instant.now().plus(walltime), margin));
        }
        return OnInterrupt.guard(runner::cancel, runner::awaitFinished, () -> study.run(runner, cells, resume));
    }

    /** Refuses, before anything is reserved, runs whose results the results directory cannot hold (space, quota). */
    private void fits(long bytes) {
        ResultsSpace.shortfall(results, bytes).ifPresent(why -> {
            throw new IllegalStateException("nothing reserved or started: " + why);
        });
    }

    /** The runs --only names (all when it names none); a name that matches no run is an error. */
    private List<Cell> onlyThese(List<Cell> cells) {
        if (only.isEmpty()) {
            return cells;
        }
        List<String> labels = cells.stream().map(Cell::label).toList();
        for (String o : only) {
            if (!labels.contains(o)) {
                throw new CommandLine.ParameterException(cmd.commandLine(), "--only " + o + ": no such run; the selected runs are "
                        + (labels.size() <= 6 ? labels : labels.subList(0, 6) + " and " + (labels.size() - 6) + " more"));
            }
        }
        return cells.stream().filter(c -> only.contains(c.label())).toList();
    }

    /** Per-run reservations: every run must fit in one of at most scheduler.walltime, or nothing is reserved. */
    static void reservationsFit(Path file, List<Cell> cells) {
        List<Boolean> trains = io.streamscale.manifest.Plan.trainsInOrder(cells,
                c -> c.get(Schema.MODEL_PATH) != null || io.streamscale.model.ModelCache.defaults().has(c.modelSpec()));
        List<ManifestError> errors = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            io.streamscale.manifest.Plan.Reservation r = io.streamscale.manifest.Plan.perRun(c, trains.get(i));
            if (!r.fits()) {
                Located where = c.settings().get("scheduler.walltime");
                errors.add(new ManifestError(file.toString(), where == null ? 0 : where.line(), where == null ? 0 : where.column(),
                        "experiments." + c.experiment() + ".scheduler.walltime", r.misfit()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ManifestException(errors.stream().distinct().toList());
        }
    }

    /** One reservation serves every selected cell, so they must agree on where nodes come from. */
    private SiteSettings oneSite(Path file, List<Cell> cells) {
        List<ManifestError> errors = new ArrayList<>();
        SiteSettings first = null;
        for (Cell c : cells) {
            SiteSettings s = where.over(SiteSettings.of(c));
            if (s.conflict() != null) {
                Located where = c.settings().get("scheduler.launcher");
                errors.add(new ManifestError(file.toString(), where == null ? 0 : where.line(), where == null ? 0 : where.column(),
                        "experiments." + c.experiment() + ".scheduler.launcher", s.conflict()));
                continue;
            }
            String unshared = RealTimeSite.refusal(s.backend(), s.sharedFilesystem(), c.get(Schema.SPARK_SINK));
            if (unshared != null && c.get(Schema.SPARK_PROCESSING) == io.streamscale.jobs.scorer.Processing.REALTIME) { // the manifest's own site passed Cells
                Located where = c.settings().get("spark.processing");
                errors.add(new ManifestError(file.toString(), where.line(), where.column(), "experiments." + c.experiment()
                        + ".spark.processing", unshared + " (--scheduler " + s.backend() + " given)"));
            }
            if (first == null) {
                first = s;
            } else if (!first.equals(s)) {
                Located where = c.settings().get("scheduler.backend");
                errors.add(new ManifestError(file.toString(), where.line(), where.column(), "experiments." + c.experiment() + ".scheduler",
                        "the selected experiments need different reservations (scheduler.*, scratch or sharedFilesystem differ);"
                                + " run them one --experiment at a time"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ManifestException(errors.stream().distinct().toList());
        }
        if (first == null) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "no cells selected in " + file);
        }
        return first;
    }

    /** A partition fault needs root and iptables; on this machine (local mode) that is known before anything starts. */
    private static void partitionsPossible(Path file, List<Cell> cells, SiteSettings site) {
        if (site.backend() != io.streamscale.scheduler.Backend.LOCAL) {
            return; // checked on the reserved nodes, before any daemon starts
        }
        List<ManifestError> errors = new ArrayList<>();
        String why = null;
        for (Cell c : cells) {
            List<Located> faults = c.locatedFaults();
            for (int i = 0; i < faults.size(); i++) {
                if (((io.streamscale.fault.FaultSpec) faults.get(i).value()).action() != io.streamscale.fault.FaultAction.PARTITION) {
                    continue;
                }
                if (why == null) {
                    var r = new io.streamscale.remote.LocalRemote("local").exec(io.streamscale.fault.TrafficCut.PROBE, Duration.ofSeconds(30));
                    why = r.ok() ? "" : (r.stderr().isBlank() ? "exit " + r.exitCode() : r.stderr().strip());
                }
                if (!why.isEmpty()) {
                    Located l = faults.get(i);
                    errors.add(new ManifestError(file.toString(), l.line(), l.column(), "experiments." + c.experiment() + ".faults[" + i + "]",
                            "a partition needs root and iptables on the nodes; `" + io.streamscale.fault.TrafficCut.PROBE
                                    + "` failed here: " + why));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ManifestException(errors.stream().distinct().toList());
        }
    }

    private static void createDirectories(Path p) {
        try {
            Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + p, e);
        }
    }

    /** The files options name must be there; every other rule is the manifest's (RunOverrides). */
    private void checkFiles() {
        StringBuilder errors = new StringBuilder();
        if (model != null && !Files.exists(model.resolve("model.json"))) {
            errors.append("\n  --model ").append(model).append(" has no model.json: train one with `streamscale train`");
        }
        if (ratings != null && !Files.isReadable(ratings)) {
            errors.append("\n  --ratings ").append(ratings).append(": no such readable file");
        }
        if (!errors.isEmpty()) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "invalid run:" + errors);
        }
    }

    /** The single-run options given on the command line, with their values (paths made absolute). */
    private java.util.Map<String, Object> givenOverrides() {
        CommandLine.ParseResult parsed = cmd.commandLine().getParseResult();
        java.util.Map<String, Object> given = new java.util.LinkedHashMap<>();
        for (String option : RunOverrides.KEY_OF.keySet()) {
            if (parsed.hasMatchedOption(option)) {
                Object v = cmd.findOption(option).getValue();
                given.put(option, v instanceof Path p ? p.toAbsolutePath().normalize().toString() : v);
            }
        }
        return given;
    }

    private static void latencies(PrintWriter out, JsonNode block, String indent) {
        for (String k : new String[] {"eventLatency", "committedLatency", "deliveredLatency", "processingLatency"}) {
            JsonNode l = block.path(k);
            if (l.path("count").asLong() > 0) {
                out.printf(Locale.ROOT, "%s%-20s mean %.3f s, p50 %.3f s, p99 %.3f s, max %.3f s%n", indent, k.replace("Latency", " latency") + ":",
                        l.path("mean").asDouble(), l.path("p50").asDouble(), l.path("p99").asDouble(), l.path("max").asDouble());
            }
        }
    }

    static void printSummary(PrintWriter out, PipelineRun.Outcome o) {
        JsonNode s = o.summary();
        out.printf("run %s%s%n", o.status(), o.reason() == null ? "" : ": " + o.reason());
        if (o.notStarted()) { // no messages, no latencies: zeros would read as a measurement
            out.println("  nothing was started, measured or analysed");
            return;
        }
        out.printf("  messages: %d sent, %d acked, %d failed; %d scored (%d distinct, %d duplicated, %d lost%s, %d NaN predictions%s)%n",
                s.path("sent").asLong(), s.path("acked").asLong(), s.path("failed").asLong(), s.path("scoredRows").asLong(),
                s.path("distinctMessages").asLong(), s.path("duplicates").asLong(), s.path("lost").asLong(),
                ReportPrintout.lostFrom(s.path("lostFrom").asText(null)), s.path("nanPredictions").asLong(),
                ReportPrintout.notAcked(s.path("scoredNotAcked").isNumber() ? s.path("scoredNotAcked").asLong() : null));
        JsonNode steady = s.path("steadyState");
        if (!steady.isMissingNode()) {
            String verdict = steady.path("verdict").asText();
            String why = steady.path("verdictReason").asText("");
            out.printf("  steady state, %s: %s%s%n", steady.path("covers").asText(), verdict,
                    !steady.path("valid").asBoolean(true) ? "; invalid: " + steady.path("invalidBecause").asText()
                            : verdict.equals("sustainable") || why.isEmpty() ? "" : " (" + why.split(";")[0] + ")");
            latencies(out, steady, "    ");
            steady.path("machineLoad").forEach(m -> out.printf(Locale.ROOT, "    cores: %s %.2f of %d busy (the run %.2f, other"
                            + " work %.2f), hypervisor %.2f%n", m.path("machine").asText(), m.path("busyCores").asDouble(),
                    m.path("cores").asInt(), m.path("runCores").asDouble(), m.path("otherCores").asDouble(), m.path("stealCores").asDouble()));
        }
        // the whole run too, when the warm-up makes it differ
        if (s.has("eventLatency") && s.path("eventLatency").path("count").asLong() != steady.path("eventLatency").path("count").asLong()) {
            out.println("  whole run, warm-up included:");
            latencies(out, s, "    ");
        }
        JsonNode check = s.path("predictionCheck");
        if (!check.isMissingNode()) {
            out.printf("  prediction check: %d sampled rows re-computed from the model's factors, %d mismatches%n",
                    check.path("sampled").asLong(), check.path("mismatches").asLong());
        }
        out.printf(Locale.ROOT, "  generator behind schedule: p99 %.1f ms, max %.1f ms%n",
                s.path("generatorBehindScheduleMicrosP99").asLong() / 1000.0, s.path("generatorBehindScheduleMicrosMax").asLong() / 1000.0);
        if (s.has("summaryError")) {
            out.println("  summary incomplete: " + s.path("summaryError").asText());
        }
    }
}
