package io.streamscale.cli;

import io.streamscale.jobs.scorer.Processing;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.manifest.RealTimeSite;
import io.streamscale.manifest.Schema;
import io.streamscale.results.RunDirectory;
import io.streamscale.run.RunSpec;
import io.streamscale.service.Engine;
import io.streamscale.study.Reservation;
import io.streamscale.study.SiteSettings;
import io.streamscale.study.Strategy;
import io.streamscale.study.StudyChecks;
import io.streamscale.study.StudySession;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = RunOverrides.Defaults.class,
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
                    + "line)."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale run                                   # 1x1, 5000 msg/s: 30 s warm-up, a measured minute",
            "  streamscale run --kafka 2 --spark 2 --rate 20000 --duration 2m",
            "  streamscale run --ratings ratings_small.csv --mode transform",
            "  streamscale run experiments.yaml --experiment quickstart --results results/",
            "  streamscale run experiments.yaml --experiment quickstart --resume",
            "  streamscale run --scheduler slurm --kafka 3 --spark 3 --rate 16700 --duration 10m   # from a login node",
            "  streamscale run experiments.yaml --experiment scaling --scheduler prun"
        })
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @CommandLine.Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "MANIFEST",
            description = "Run the cells of this manifest (e.g. experiments.yaml) instead of one run from the options.")
    Path manifest;

    @Option(
            names = "--experiment",
            paramLabel = "NAME",
            description = "With a manifest: only these experiments (repeatable; default: all).")
    List<String> experimentNames = new ArrayList<>();

    @Option(
            names = "--walltime",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = {
                "With a manifest: stop this long from now (default: when the reservation ends), keeping "
                        + "scheduler.teardownMargin for teardown; runs that would not fit are not started. One run on "
                        + "slurm/prun: the reservation's length (default: the run's estimate, as `plan` prints it)."
            })
    Duration walltime;

    @Option(
            names = "--resume",
            description = "With a manifest: skip runs that completed, run again those that failed or were interrupted.")
    boolean resume;

    @Option(
            names = "--only",
            paramLabel = "RUN",
            description = "With a manifest: only this run, EXPERIMENT/CELL/rep-N as `plan`"
                    + " lists it (repeatable; `submit` gives each job one).")
    List<String> only = new ArrayList<>();

    /** The settings of one run, each a manifest key's option (RunOverrides). */
    @CommandLine.Mixin
    RunSettingOptions settings = new RunSettingOptions();

    @Option(
            names = "--restart-driver-at",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "Kill the streaming driver (SIGKILL) this long after the load starts and restart it from its checkpoint.")
    Duration restartDriverAt;

    @CommandLine.Mixin
    SiteOverrides where = new SiteOverrides();

    @Option(
            names = "--results",
            defaultValue = "results",
            paramLabel = "DIR",
            description = "Where run directories go (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(
            names = "--no-report",
            negatable = true,
            defaultValue = "true",
            description = "Make the report (streamscale report) of what ran when it ends (default: on).")
    boolean report;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        CommandLine cl = cmd.commandLine();
        Path home = Home.get();
        if (manifest != null || !experimentNames.isEmpty()) {
            Path file = manifest != null ? manifest : Path.of("experiments.yaml");
            Manifest m = ManifestReader.read(file);
            List<Cell> cells = where.over(cl, onlyThese(m.cells(m.select(experimentNames))));
            SiteSettings site = StudyChecks.all(file, cells, results, resume);
            List<Path> reports = report
                    ? cells.stream()
                            .map(Cell::experiment)
                            .distinct()
                            .map(results::resolve)
                            .toList()
                    : List.of();
            int notComplete = new StudySession(
                            cells, site, new StudySession.Options(results, resume, walltime, null, reports, out), home)
                    .run(Strategy.EACH_RUN);
            out.printf(
                    "%d of %d runs complete; index: %s%n",
                    cells.size() - notComplete,
                    cells.size(),
                    results.toAbsolutePath().normalize().resolve("index.csv"));
            out.flush();
            return notComplete == 0 ? 0 : 1;
        }
        checkFiles();
        Cell cell = where.over(
                cl,
                RunOverrides.cell(
                        cl,
                        givenOverrides(),
                        restartDriverAt == null
                                ? List.of()
                                : List.of("{at: \"" + RunOverrides.exact(restartDriverAt)
                                        + "\", action: kill, target: spark-driver, restartAfter: 1s}"),
                        where.backend()));
        SiteSettings site = SiteSettings.of(cell);
        if (site.conflict() != null) {
            throw new CommandLine.ParameterException(cl, "--launcher " + site.launcher() + ": " + site.conflict());
        }
        if (RealTimeSite.refusal(site.backend(), site.sharedFilesystem(), cell.get(Schema.SPARK_SINK)) != null
                && cell.get(Schema.SPARK_PROCESSING) == Processing.REALTIME) {
            throw new CommandLine.ParameterException(
                    cl,
                    "--processing realtime with --no-shared-filesystem on --scheduler "
                            + site.backend() + ": " + RealTimeSite.REASON
                            + "; use --sink kafka, --processing microbatch or a shared"
                            + " filesystem");
        }
        String flink = RealTimeSite.flinkRefusal(site.backend(), site.sharedFilesystem());
        if (flink != null && cell.get(Schema.ENGINE) == Engine.FLINK) {
            throw new CommandLine.ParameterException(cl, "--engine flink with --no-shared-filesystem: " + flink);
        }
        StudyChecks.resultsFit(results, List.of(cell));
        RunDirectory dir = new RunDirectory(newRunRoot(RunSpec.of(cell)));
        List<Path> reports = report ? List.of(dir.root()) : List.of();
        Duration length = walltime != null ? walltime : Reservation.forOneRun(cell);
        int notComplete = new StudySession(
                        List.of(cell), site, new StudySession.Options(results, false, null, length, reports, out), home)
                .run(Strategy.oneRun(dir));
        out.println("run directory: " + dir.root());
        out.flush();
        return notComplete == 0 ? 0 : 1;
    }

    /** A new directory under --results for one run: its time, nodes and rate, numbered when it exists already. */
    private Path newRunRoot(RunSpec spec) {
        String id = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-k"
                + spec.cluster().kafka() + "s" + spec.cluster().spark() + "-r"
                + String.format(Locale.ROOT, "%.0f", spec.load().rate());
        Path root = results.resolve(id);
        for (int i = 2; Files.exists(root); i++) {
            root = results.resolve(id + "-" + i);
        }
        return root;
    }

    /** The runs --only names (all when it names none); a name that matches no run is an error. */
    private List<Cell> onlyThese(List<Cell> cells) {
        if (only.isEmpty()) {
            return cells;
        }
        List<String> labels = cells.stream().map(Cell::label).toList();
        for (String o : only) {
            if (!labels.contains(o)) {
                throw new CommandLine.ParameterException(
                        cmd.commandLine(),
                        "--only " + o + ": no such run; the selected runs are "
                                + (labels.size() <= 6
                                        ? labels
                                        : labels.subList(0, 6) + " and " + (labels.size() - 6) + " more"));
            }
        }
        return cells.stream().filter(c -> only.contains(c.label())).toList();
    }

    /** The files options name must be there; every other rule is the manifest's (RunOverrides). */
    private void checkFiles() {
        StringBuilder errors = new StringBuilder();
        if (settings.model != null && !Files.exists(settings.model.resolve("model.json"))) {
            errors.append("\n  --model ")
                    .append(settings.model)
                    .append(" has no model.json: train one with `streamscale train`");
        }
        if (settings.ratings != null && !Files.isReadable(settings.ratings)) {
            errors.append("\n  --ratings ").append(settings.ratings).append(": no such readable file");
        }
        if (!errors.isEmpty()) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "invalid run:" + errors);
        }
    }

    /** The single-run options given on the command line, with their values (paths made absolute). */
    private Map<String, Object> givenOverrides() {
        CommandLine.ParseResult parsed = cmd.commandLine().getParseResult();
        Map<String, Object> given = new LinkedHashMap<>();
        for (String option : RunOverrides.KEY_OF.keySet()) {
            if (parsed.hasMatchedOption(option)) {
                Object v = cmd.findOption(option).getValue();
                given.put(
                        option,
                        v instanceof Path p ? p.toAbsolutePath().normalize().toString() : v);
            }
        }
        return given;
    }
}
