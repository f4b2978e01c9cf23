package io.streamscale.cli;

import io.streamscale.capacity.CapacityAnswer;
import io.streamscale.capacity.CapacityRamp;
import io.streamscale.capacity.CapacitySearch;
import io.streamscale.capacity.CapacityStudy;
import io.streamscale.common.Durations;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Key;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.manifest.Schema;
import io.streamscale.results.RunIndex;
import io.streamscale.study.CellRunner;
import io.streamscale.study.SiteSettings;
import io.streamscale.study.StudyChecks;
import io.streamscale.study.StudySession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamscale capacity}: the highest rate each configuration of an experiment sustains, searched with run
 * verdicts. It runs the manifest like {@code run} does (same reservation, same resume), with a search deciding the
 * runs: see {@link CapacityStudy}.
 */
@Command(
        name = "capacity",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Find the highest offered load each configuration of an experiment (Kafka x Spark nodes and "
                    + "settings: a cell less its load) sustains without a continuing rise of event latency.",
            "",
            "Each probe is an ordinary run of the experiment's warm-up and duration at one rate. From "
                    + "capacity.from the rate grows by capacity.growth while the verdict is sustainable (falls while it is "
                    + "not); then the bracket between the highest sustained and the lowest unsustained rate is halved "
                    + "(geometrically) until it is within capacity.precision. A probe whose latency still fell (a warm-up "
                    + "backlog draining while it took the load) counts as sustained. One that took the load, its backlog "
                    + "flat, but whose latency was too long for its length to judge a trend is the edge: it runs once more "
                    + "and the second look decides. So does one whose latency was too long and whose backlog grew, not "
                    + "surely (too slow twice counts as not sustained); another inconclusive or failed probe (also one "
                    + "that fell behind while other work took the machine) runs once more, and inconclusive twice counts "
                    + "as not sustained. The answer says when the probes at the bracket began their steady state with 5 s "
                    + "or more of the load queued from the warm-up (their verdicts are then partly chance: a longer warmup "
                    + "judges the knee better). Probes go to RESULTS/EXPERIMENT/CONFIG_RATEps/rep-N (--resume reuses "
                    + "finished ones), the answers to RESULTS/EXPERIMENT/capacity.json; the report made at the end shows "
                    + "the sustained load per configuration and latency against offered load. --plan says what a search "
                    + "may take.",
            "",
            "--ramp is the faster estimate: one run per configuration whose rate rises from 0 to capacity.max "
                    + "over --ramp-duration in --ramp-steps equal steps, each a probe: the estimate "
                    + "(RESULTS/EXPERIMENT/capacity-ramp.json) is the highest step Spark kept up with (over a step's last "
                    + "two thirds it wrote no more than 5%% less than was offered) before the first it did not. "
                    + "--ramp-steps 0: a linear ramp, whose estimate is the offered rate from which the windowed event "
                    + "latency stayed above twice its low-load level to the end.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  streamscale capacity experiments.yaml --experiment capacity-local       # 1x1 on this machine",
            "  streamscale capacity experiments.yaml --experiment capacity-local --plan",
            "  streamscale capacity experiments.yaml --experiment capacity-local --ramp   # one run: a faster estimate",
            "  streamscale capacity experiments.yaml --experiment capacity-local --resume   # after a stop",
            "  streamscale capacity experiments.yaml --experiment scaling --scheduler prun --precision 0.05"
        })
final class CapacityCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @CommandLine.Parameters(index = "0", paramLabel = "MANIFEST", description = "The manifest (e.g. experiments.yaml).")
    Path manifest;

    @Option(
            names = "--experiment",
            required = true,
            paramLabel = "NAME",
            description = "The experiment whose configurations are searched.")
    String experiment;

    @Option(
            names = "--from",
            paramLabel = "MSG/S",
            description = "First rate probed (default: the experiment's capacity.from).")
    Double from;

    @Option(names = "--max", paramLabel = "MSG/S", description = "Highest rate probed (default: capacity.max).")
    Double max;

    @Option(
            names = "--precision",
            paramLabel = "FRACTION",
            description = "Stop when the bracket is within this fraction (default: capacity.precision, 0.1).")
    Double precision;

    @Option(
            names = "--max-probes",
            paramLabel = "N",
            description = "Most probes per configuration (default: capacity.maxProbes).")
    Integer maxProbes;

    @Option(
            names = "--ramp",
            description =
                    "The faster estimate instead of the search: one run per configuration, its rate rising"
                            + " from 0 to capacity.max over --ramp-duration in --ramp-steps steps; the estimate is the highest step kept up with.")
    boolean ramp;
    /** The shortest step --ramp may have: its last two thirds hold at least one 10 s window's midpoint. */
    static final Duration MIN_STEP = Duration.ofSeconds(20);

    @Option(
            names = "--ramp-steps",
            paramLabel = "S",
            defaultValue = "8",
            description =
                    "--ramp's steps: capacity.max/S, 2 capacity.max/S, ..., each held for --ramp-duration/S (default: ${DEFAULT-VALUE};"
                            + " 0: a linear ramp).")
    int rampSteps;

    @Option(
            names = "--ramp-duration",
            paramLabel = "DURATION",
            defaultValue = "4m",
            converter = DurationConverter.class,
            description =
                    "How long --ramp's rate rises (default: ${DEFAULT-VALUE}); slower ramps judge closer to the search.")
    Duration rampDuration;

    @Option(
            names = "--plan",
            description = "Print what the search may take (probes, time, node-hours) and start nothing.")
    boolean plan;

    @Option(
            names = "--resume",
            description = "Reuse probes that completed; run again those that failed or were interrupted.")
    boolean resume;

    @Option(
            names = "--results",
            defaultValue = "results",
            paramLabel = "DIR",
            description = "Where runs go (default: ${DEFAULT-VALUE}).")
    Path results;

    @CommandLine.Mixin
    SiteOverrides where = new SiteOverrides();

    @Option(
            names = "--walltime",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Stop this long from now (as run's --walltime with a manifest).")
    Duration walltime;

    @Option(
            names = "--no-report",
            negatable = true,
            defaultValue = "true",
            description = "Make the experiment's report at the end (default: on).")
    boolean report;

    @Override
    public Integer call() {
        checkBounds();
        if (plan) {
            return printPlan();
        }
        List<Cell> cells = where.over(cmd.commandLine(), cells());
        SiteSettings site = StudyChecks.all(manifest, cells, results, resume);
        List<Path> reports = report ? List.of(results.resolve(experiment)) : List.of();
        PrintWriter out = cmd.commandLine().getOut();
        int notComplete = new StudySession(
                        cells,
                        site,
                        new StudySession.Options(results, resume, walltime, null, reports, out),
                        Home.get())
                .run(ramp ? this::rampEach : this::searchEach);
        out.println("answers: "
                + results.resolve(experiment)
                        .resolve(ramp ? "capacity-ramp.json" : "capacity.json")
                        .toAbsolutePath()
                        .normalize());
        out.flush();
        return notComplete == 0 ? 0 : 1;
    }

    /** The experiment's cells, with the command line's bounds over its {@code capacity.*}. */
    private List<Cell> cells() {
        Manifest m = ManifestReader.read(manifest);
        return m.cells(m.select(List.of(experiment))).stream()
                .map(this::withOptions)
                .toList();
    }

    /** The search of each configuration; returns how many did not complete. */
    private int searchEach(CellRunner runner, List<Cell> cells, boolean again) {
        int incomplete = 0;
        for (CapacityAnswer a : CapacityStudy.search(
                cells, runner, results, again, cmd.commandLine().getOut())) {
            if (a.result().status() == CapacitySearch.Status.INCOMPLETE) {
                incomplete++;
            }
        }
        RunIndex.write(runner.results());
        return incomplete;
    }

    /** The ramp run of each configuration; returns how many gave no estimate. */
    private int rampEach(CellRunner runner, List<Cell> cells, boolean again) {
        int missing = CapacityRamp.ramp(
                cells,
                runner,
                results,
                again,
                rampDuration,
                rampSteps,
                cmd.commandLine().getOut());
        RunIndex.write(runner.results());
        return missing;
    }

    /** Per configuration: probes at most (without repeats), each probe's time, and the node-hours of that. */
    private int printPlan() {
        PrintWriter out = cmd.commandLine().getOut();
        Duration total = Duration.ZERO;
        double nodeHours = 0;
        for (Cell c : CapacityStudy.configurations(cells())) {
            CapacityStudy.Estimate e = CapacityStudy.estimate(c);
            total = total.plus(e.all());
            nodeHours += e.nodeHours();
            out.println(e.describe(experiment + "/" + c.configuration()));
        }
        out.printf("in all: up to %s, %.1f node-hours; nothing was started%n", Durations.format(total), nodeHours);
        return 0;
    }

    /** Every configuration's bounds make sense, before anything is reserved. */
    private void checkBounds() {
        if (ramp
                && (rampSteps < 0
                        || (rampSteps > 0 && rampDuration.dividedBy(rampSteps).compareTo(MIN_STEP) < 0))) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(),
                    "--ramp-steps " + rampSteps + " over --ramp-duration "
                            + Durations.format(rampDuration) + ": give 0 (a linear ramp) or at most "
                            + rampDuration.dividedBy(MIN_STEP) + " steps, so that each lasts at least "
                            + Durations.format(MIN_STEP)
                            + " (two 10 s windows: a step is judged on its last two thirds)");
        }
        for (Cell c : CapacityStudy.configurations(cells())) {
            if (!c.faults().isEmpty()) { // a fault run's verdict is its recovery table, never "sustainable"
                throw new CommandLine.ParameterException(
                        cmd.commandLine(),
                        manifest + ": experiments." + experiment
                                + " has faults; a capacity search needs a fault-free experiment");
            }
            try {
                CapacityStudy.bounds(c);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        cmd.commandLine(),
                        manifest + ": experiments." + experiment + ".capacity (with the options given): "
                                + e.getMessage());
            }
        }
    }

    /** The command line's bounds over the manifest's {@code capacity.*}, checked as the manifest's are. */
    private Cell withOptions(Cell c) {
        c = put(c, Schema.CAPACITY_FROM, "--from", from == null ? null : from + "/s");
        c = put(c, Schema.CAPACITY_MAX, "--max", max == null ? null : max + "/s");
        c = put(c, Schema.CAPACITY_PRECISION, "--precision", precision);
        return put(c, Schema.CAPACITY_MAX_PROBES, "--max-probes", maxProbes);
    }

    private Cell put(Cell c, Key<?> key, String option, Object value) {
        if (value == null) {
            return c;
        }
        try {
            return c.with(key, String.valueOf(value), option);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.commandLine(), option + " " + value + ": " + e.getMessage());
        }
    }
}
