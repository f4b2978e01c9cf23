package io.streamscale.cli;

import io.streamscale.manifest.Cell;
import io.streamscale.common.Durations;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.manifest.Plan;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.Shell;
import io.streamscale.run.SiteSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Submit a manifest's experiment as one SLURM batch job (sbatch/streamscale.sbatch) and print its id.", "",
                "The job runs `streamscale run MANIFEST --experiment NAME --scheduler slurm` on its first node, using the",
                "job's nodes for every cell (nothing else is reserved, and the job is never cancelled by streamscale).",
                "Nodes default to what the largest cell needs, time to scheduler.walltime (with reservation: per-run, to",
                "what all the runs need plus the teardown margin). The exact",
                "sbatch command is written to RESULTS/submit/ (re-run it to submit again) and the job's output goes",
                "to RESULTS/submit/slurm-JOBID.out. The checkout must be on a filesystem the nodes share (DAS-5: home)."},
        footer = {"", "Examples:", "  streamscale submit experiments.yaml --experiment scaling",
                "  streamscale submit experiments.yaml --experiment broker-fault --nodes 8 --time 3h --partition defq",
                "  streamscale submit experiments.yaml --experiment scaling --resume      # after a job ran out of time"})
final class SubmitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MANIFEST", description = "The manifest (default: experiments.yaml).")
    Path manifest;
    @Option(names = "--experiment", required = true, paramLabel = "NAME", description = "The experiment to run (repeatable).")
    List<String> experiments = new ArrayList<>();
    @Option(names = "--nodes", paramLabel = "N", description = "Nodes for the job (default: what the largest cell needs).")
    Integer nodes;
    @Option(names = "--time", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The job's time limit (default: the experiment's scheduler.walltime).")
    Duration time;
    @Option(names = "--partition", paramLabel = "NAME", description = "SLURM partition (default: scheduler.partition, else the site's).")
    String partition;
    @Option(names = "--account", paramLabel = "NAME", description = "SLURM account (default: scheduler.account).")
    String account;
    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR", description = "Where the job writes its runs (default: ${DEFAULT-VALUE}).")
    Path results;
    @Option(names = "--resume", description = "Pass --resume to the run: skip runs that completed in RESULTS.")
    boolean resume;
    @Option(names = "--dry-run", description = "Write the sbatch command but do not submit it.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        Path file = (manifest != null ? manifest : Path.of("experiments.yaml")).toAbsolutePath().normalize();
        Manifest m = ManifestReader.read(file);
        List<Cell> cells = m.cells(m.select(experiments));
        SiteSettings site = SiteSettings.of(cells.get(0));
        int needed = cells.stream().mapToInt(Cell::nodeCount).max().orElse(1);
        int n = nodes != null ? nodes : needed;
        if (n < needed) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "--nodes " + n + " is too few: the largest cell needs " + needed);
        }
        Duration planned = Plan.walltime(cells);
        Duration margin = (Duration) cells.get(0).value("scheduler.teardownMargin");
        // per-run reservations are a login-node notion: inside one job, the job must hold every run
        Duration limit = time != null ? time : site.perRun() ? planned.plus(margin) : site.walltime();
        if (planned.compareTo(limit) > 0) {
            out.printf("note: the %d run(s) need about %s, the job gets %s: runs that do not fit are left for `submit --resume`%n",
                    cells.size(), Durations.format(planned), Durations.format(limit));
        }
        Path home = Home.get();
        Path resultsDir = results.toAbsolutePath().normalize();
        Path submitDir = resultsDir.resolve("submit");
        Files.createDirectories(submitDir);
        String command = sbatchCommand(home, file, n, limit, firstNonNull(partition, site.partition()),
                firstNonNull(account, site.account()), submitDir, resultsDir);
        Path record = submitDir.resolve(String.join("+", experiments) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".sh");
        Files.writeString(record, "#!/bin/sh\n# written by `streamscale submit`: submits " + String.join(", ", experiments)
                + " of " + file + "\ncd " + Shell.quote(home.toString()) + " && " + command + "\n");
        record.toFile().setExecutable(true);
        out.printf("%d node(s), %s, %d run(s); sbatch command written to %s%n", n, Durations.format(limit), cells.size(), record);
        if (dryRun) {
            out.println(command);
            return 0;
        }
        ExecResult r = new LocalRemote("front-end").exec("cd " + Shell.quote(home.toString()) + " && " + command, Duration.ofSeconds(60));
        String id = r.stdout().strip().split(";")[0];
        if (!r.ok() || !id.matches("\\d+")) {
            cmd.commandLine().getErr().println("error: `" + command + "` exited with " + r.exitCode() + ": " + (r.stderr() + r.stdout()).strip());
            return 1;
        }
        out.println("submitted SLURM job " + id);
        out.printf("follow: squeue -j %s; tail -f %s%n", id, submitDir.resolve("slurm-" + id + ".out"));
        out.printf("results: %s%n", resultsDir.resolve("index.csv"));
        out.flush();
        return 0;
    }

    private String sbatchCommand(Path home, Path file, int n, Duration limit, String partition, String account, Path submitDir,
                                 Path resultsDir) {
        List<String> args = new ArrayList<>(List.of("sbatch", "--parsable", "--job-name=streamscale-" + String.join("+", experiments),
                "--nodes=" + n, "--time=" + Math.max(1, (limit.toSeconds() + 59) / 60),
                "--output=" + submitDir.resolve("slurm-%j.out"),
                "--export=ALL,STREAMSCALE_NO_BUILD=1,STREAMSCALE_HOME=" + home + ",JAVA_HOME=" + System.getProperty("java.home")));
        if (partition != null) {
            args.add("--partition=" + partition);
        }
        if (account != null) {
            args.add("--account=" + account);
        }
        args.add(home.resolve("sbatch/streamscale.sbatch").toString());
        args.add(file.toString());
        args.add(experiments.get(0));
        for (String e : experiments.subList(1, experiments.size())) {
            args.addAll(List.of("--experiment", e));
        }
        args.addAll(List.of("--results", resultsDir.toString()));
        if (resume) {
            args.add("--resume");
        }
        return String.join(" ", args.stream().map(Shell::quote).toList());
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
