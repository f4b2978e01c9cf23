package io.streamscale.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streamscale}: the command-line entry point. */
@Command(
        name = "streamscale",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Deploys real ZooKeeper, Kafka and Spark on reserved nodes (or loopback aliases of this machine), "
                    + "drives a measured load through a streaming recommender, breaks nodes on a schedule and reports.",
            ""
        },
        subcommands = {
            RunCommand.class,
            CapacityCommand.class,
            SubmitCommand.class,
            PlanCommand.class,
            ReportCommand.class,
            AnalyseCommand.class,
            TrainCommand.class,
            ClocksCommand.class,
            CheckCommand.class,
            UpCommand.class,
            StatusCommand.class,
            DownCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Start with:  streamscale run          (a local run: cluster, model, warm-up, a measured minute, summary)",
            "On a SLURM cluster:  streamscale submit experiments.yaml --experiment scaling   (or run --scheduler slurm)",
            "Then:  streamscale report results   (tables, verdicts, plots, HTML; run makes one when it ends)",
            "Sizing:  streamscale capacity experiments.yaml --experiment capacity-local   (the highest load sustained)",
            "Or manage a cluster by hand:  streamscale up --kafka 2 --spark 2;  streamscale status;  streamscale down",
            "Each command explains its options:  streamscale COMMAND --help"
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run it in-process). */
    public static CommandLine commandLine() {
        // the terminal's width (COLUMNS or tput), 80 when it cannot be told: descriptions are paragraphs picocli wraps
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpAutoWidth(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e.getMessage());
                    return 2;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"streamscale " + (v != null ? v : "(development build)")};
        }
    }
}
