package io.streamscale.cli;

import io.streamscale.results.Report;
import io.streamscale.results.ReportOptions;
import io.streamscale.results.ReportPrintout;
import io.streamscale.results.SteadyState;
import io.streamscale.results.Sustainability;
import io.streamscale.template.TemplateRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "report",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true,
        description = {
            "Turn what runs measured into tables, verdicts, plots and an HTML report. PATH is a run, a cell, an "
                    + "experiment or a whole results directory. Each run gets windows.csv (10 s windows of generator time: "
                    + "count, mean, variance, p50/p95/p99/max of event, processing and Kafka ingest latency, input and "
                    + "output throughput) and report.json (steady state, accounting, sustainability verdict, fault "
                    + "recovery); PATH/report/ gets index.html, a page per experiment, plots/ (PNG and SVG) and "
                    + "comparison.csv/.md.",
            "",
            "Steady state: the manifest's warm-up is left out (--trim seed: the seed's first 20%% and last 5%%). "
                    + "Sustainable: over the steady state the windowed mean event latency has no upward trend "
                    + "(least-squares slope above --max-latency-slope and 2 standard errors above zero) and the backlog "
                    + "(messages sent less offsets processed, from progress.jsonl) does not grow faster than "
                    + "--max-backlog-growth x the offered rate. Invalid: the run did not complete, or a generator fell "
                    + "more than --max-behind behind its schedule (p99). Clock caveat: a run whose nodes' clock offsets "
                    + "(run.json) are known only to more than --max-clock-share of its steady mean event latency is "
                    + "flagged: latencies mixing two nodes' clocks are uncertain by that much."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale report results",
            "  streamscale report results/scaling --trim seed",
            "  streamscale report results/quickstart/k1s1_5000ps/rep-1 --window 5s",
            "Exit status: 0 when every run was reported, 1 when some could not be read, 2 on bad input."
        })
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "What to report on (default: results).")
    Path path;

    @Option(
            names = "--window",
            defaultValue = "10s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Window width (default: ${DEFAULT-VALUE}, as the seed).")
    Duration window;

    @Option(
            names = "--trim",
            defaultValue = "manifest",
            paramLabel = "manifest|seed",
            description =
                    "What is not steady state: the manifest's warm-up, or the seed's first 20%% and last 5%% (default: ${DEFAULT-VALUE}).")
    SteadyState.Trim trim;

    @Option(
            names = "--max-latency-slope",
            defaultValue = "0.01",
            paramLabel = "S_PER_S",
            description =
                    "Steepest steady-state rise of windowed event latency that is still sustainable, seconds per second (default: ${DEFAULT-VALUE}).")
    double maxSlope;

    @Option(
            names = "--max-backlog-growth",
            defaultValue = "0.01",
            paramLabel = "FRACTION",
            description =
                    "Fastest backlog growth that is still sustainable, as a fraction of the offered rate (default: ${DEFAULT-VALUE}).")
    double maxBacklog;

    @Option(
            names = "--max-latency-share",
            defaultValue = "0.10",
            paramLabel = "FRACTION",
            description =
                    "A steady mean event latency above this share of the steady state's length makes the verdict"
                            + " inconclusive: the run is too short to tell a trend from a start-up (default: ${DEFAULT-VALUE}).")
    double maxLatencyShare;

    @Option(
            names = "--max-behind",
            defaultValue = "1s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "A run whose generator fell further behind its schedule (p99) is invalid (default: ${DEFAULT-VALUE}).")
    Duration maxBehind;

    @Option(
            names = "--max-clock-share",
            defaultValue = "0.05",
            paramLabel = "FRACTION",
            description =
                    "Flag a run whose widest clock-offset bound exceeds this share of its steady mean event latency (default: ${DEFAULT-VALUE}).")
    double maxClockShare;

    @Option(
            names = "--max-other-load",
            defaultValue = "0.10",
            paramLabel = "FRACTION",
            description =
                    "The share of a machine's cores that other work and its hypervisor may take over the steady state"
                            + " before a run that fell behind there is inconclusive, not unsustainable (default: ${DEFAULT-VALUE}).")
    double maxOtherLoad;

    @Option(
            names = "--memory",
            paramLabel = "SIZE",
            description = "Memory the Parquet aggregation may use before spilling to disk (default: a quarter of this"
                    + " machine's memory, at least 1GB).")
    String memory;

    @Option(names = "--no-plots", description = "Tables and per-run files only (no plots, no HTML).")
    boolean noPlots;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        if (window.isZero() || window.isNegative()) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "--window must be positive, got " + window);
        }
        if (!(maxClockShare > 0)) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(), "--max-clock-share must be a positive fraction, got " + maxClockShare);
        }
        if (!(maxOtherLoad > 0 && maxOtherLoad <= 1)) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(), "--max-other-load must be a fraction in (0, 1], got " + maxOtherLoad);
        }
        String memory = this.memory != null ? this.memory : ReportOptions.DEFAULT.memoryLimit();
        if (!memory.matches("(?i)\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(), "--memory takes a size such as 512MB or 2GB, got '" + memory + "'");
        }
        ReportOptions o = new ReportOptions(
                window,
                trim,
                new Sustainability.Thresholds(maxSlope, maxBacklog, maxLatencyShare),
                maxBehind,
                memory,
                !noPlots,
                maxClockShare,
                maxOtherLoad);
        Path target = path != null ? path : Path.of("results");
        Report.Result r = new Report(o, new TemplateRenderer(Home.get().resolve("templates")), out).write(target);
        ReportPrintout.print(out, r);
        return r.problems().isEmpty() ? 0 : 1;
    }
}
