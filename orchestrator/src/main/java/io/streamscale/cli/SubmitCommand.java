package io.streamscale.cli;

import io.streamscale.common.Durations;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.manifest.Plan;
import io.streamscale.manifest.Schema;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.Shell;
import io.streamscale.remote.SshRemote;
import io.streamscale.remote.SshSettings;
import io.streamscale.scheduler.Launcher;
import io.streamscale.study.CellRunner;
import io.streamscale.study.SbatchChain;
import io.streamscale.study.SiteSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "submit",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Submit a manifest's experiments to SLURM as batch jobs (sbatch/streamscale.sbatch) and print their "
                    + "ids.",
            "",
            "By default every run gets a job of its own, sized from the plan (its nodes; its time: the run's "
                    + "estimate, a start allowance and scheduler.teardownMargin, in whole minutes, as `plan` lists it), "
                    + "chained so they run one after another (--dependency=afterany: a failed run does not stop the rest). "
                    + "Each job runs `streamscale run MANIFEST --experiment NAME --only RUN --scheduler slurm` on its "
                    + "first node, on the job's nodes, and is sent SIGTERM scheduler.teardownMargin before its end "
                    + "(--signal) so it tears down in time. This respects sites that limit job length (DAS-5: 15 minutes "
                    + "in daytime; use --begin for the night). --one-job submits the whole selection as one job instead.",
            "",
            "The commands are written to RESULTS/submit/ (run that script to submit again) and each job's output "
                    + "goes to RESULTS/submit/slurm-JOBID.out. The checkout must be on a filesystem the nodes share."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale submit experiments.yaml --experiment scaling",
            "  streamscale submit experiments.yaml --experiment scaling --begin 20:00      # DAS-5: after the daytime rule",
            "  streamscale submit experiments.yaml --experiment broker-fault --one-job --nodes 8 --time 3h",
            "  streamscale submit experiments.yaml --experiment scaling --resume      # only the runs not complete yet"
        })
final class SubmitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "MANIFEST",
            description = "The manifest (default: experiments.yaml).")
    Path manifest;

    @Option(
            names = "--experiment",
            required = true,
            paramLabel = "NAME",
            description = "The experiment to run (repeatable).")
    List<String> experiments = new ArrayList<>();

    @Option(
            names = "--one-job",
            description = "One job for the whole selection (nodes of the largest cell, time for every run)"
                    + " instead of one job per run.")
    boolean oneJob;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            description = "With --one-job: nodes for the job (default: what the largest cell needs).")
    Integer nodes;

    @Option(
            names = "--time",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "With --one-job: the job's time limit (default: what the runs need, or scheduler.walltime).")
    Duration time;

    @Option(
            names = "--begin",
            paramLabel = "TIME",
            description = "Start no earlier than this (sbatch --begin: 20:00,"
                    + " now+1hour, 2026-12-24T18:00); the first job of the chain waits, the rest follow it.")
    String begin;

    @Option(
            names = "--partition",
            paramLabel = "NAME",
            description = "SLURM partition (default: scheduler.partition, else the site's).")
    String partition;

    @Option(names = "--account", paramLabel = "NAME", description = "SLURM account (default: scheduler.account).")
    String account;

    @Option(
            names = "--results",
            defaultValue = "results",
            paramLabel = "DIR",
            description = "Where the jobs write their runs (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(
            names = "--resume",
            description = "Leave out runs that completed in RESULTS (with --one-job: pass --resume to the run).")
    boolean resume;

    @Option(names = "--dry-run", description = "Write the submission script but do not run it.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        Path file = (manifest != null ? manifest : Path.of("experiments.yaml"))
                .toAbsolutePath()
                .normalize();
        Manifest m = ManifestReader.read(file);
        List<Cell> cells = m.cells(m.select(experiments));
        SiteSettings site = SiteSettings.of(cells.get(0));
        Path resultsDir = results.toAbsolutePath().normalize();
        if (!oneJob && (nodes != null || time != null)) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(),
                    "--nodes and --time size a single job: add --one-job"
                            + " (without it every run's job is sized from the plan)");
        }
        if (site.launcher()
                != Launcher.SRUN) { // the jobs reach their nodes over SSH, from a node where no ssh-agent runs
            Optional<String> keys =
                    SshRemote.batchKeyProblem(new SshSettings(site.sshConfig(), Duration.ofSeconds(10)));
            if (keys.isPresent() && !dryRun) {
                throw new CommandLine.ParameterException(
                        cmd.commandLine(),
                        "the jobs would reach their nodes over SSH with no"
                                + " ssh-agent there, and would fail at their first command: " + keys.get()
                                + "; or set scheduler.launcher: srun");
            }
            keys.ifPresent(
                    k -> out.println("note: batch jobs need an SSH key without a passphrase, and there is " + k));
        }
        List<SbatchChain.Job> jobs = oneJob
                ? List.of(wholeStudy(cells, site, out))
                : SbatchChain.perRun(
                        file,
                        resume
                                ? cells.stream()
                                        .filter(c -> !CellRunner.completed(resultsDir, c))
                                        .toList()
                                : cells,
                        resultsDir,
                        out);
        if (jobs.isEmpty()) {
            out.println("nothing to submit: every selected run completed in " + resultsDir);
            return 0;
        }
        Duration margin = cells.get(0).get(Schema.SCHEDULER_TEARDOWN_MARGIN);
        Duration killWait = SbatchChain.killWait(new LocalRemote("front-end")
                .exec("scontrol show config 2>/dev/null", Duration.ofSeconds(30))
                .stdout());
        if (killWait.compareTo(margin) > 0) {
            out.printf(
                    "note: SLURM's KillWait (%s) is longer than scheduler.teardownMargin (%s): the jobs are sent SIGTERM %s"
                            + " before their end%n",
                    Durations.format(killWait), Durations.format(margin), Durations.format(killWait));
        }
        Path home = Home.get();
        Path submitDir = resultsDir.resolve("submit");
        Files.createDirectories(submitDir);
        String script = new SbatchChain(
                        home,
                        file,
                        experiments,
                        submitDir,
                        resultsDir,
                        margin,
                        killWait,
                        begin,
                        firstNonNull(partition, site.partition()),
                        firstNonNull(account, site.account()))
                .script(jobs);
        Path record = submitDir.resolve(String.join("+", experiments) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".sh");
        Files.writeString(record, script);
        record.toFile().setExecutable(true);
        Duration total = jobs.stream().map(SbatchChain.Job::time).reduce(Duration.ZERO, Duration::plus);
        out.printf(
                "%d job(s), %s of job time in all%s; submission script written to %s%n",
                jobs.size(), Durations.format(total), jobs.size() > 1 ? ", one after another" : "", record);
        for (SbatchChain.Job j : jobs) {
            out.printf(Locale.ROOT, "  %-40s %3d node(s)  %s%n", j.label(), j.nodes(), Durations.format(j.time()));
        }
        if (dryRun) {
            out.print(script);
            out.flush();
            return 0;
        }
        ExecResult r = new LocalRemote("front-end").exec("sh " + Shell.quote(record.toString()), Duration.ofMinutes(2));
        List<String> submitted =
                r.stdout().lines().filter(l -> l.matches("\\d+ .*")).toList();
        submitted.forEach(l -> out.println("submitted SLURM job " + l));
        if (!r.ok() || submitted.size() != jobs.size()) {
            cmd.commandLine()
                    .getErr()
                    .println("error: " + record + " exited with " + r.exitCode() + " after submitting "
                            + submitted.size() + " of " + jobs.size() + " job(s): "
                            + (r.stderr() + r.stdout()).strip());
            return 1;
        }
        String first = submitted.get(0).split(" ")[0];
        out.printf("follow: squeue -u $USER; tail -f %s%n", submitDir.resolve("slurm-" + first + ".out"));
        out.printf("results: %s%n", resultsDir.resolve("index.csv"));
        out.flush();
        return 0;
    }

    /** The whole selection in one job (the orchestrator runs every cell on the job's nodes). */
    private SbatchChain.Job wholeStudy(List<Cell> cells, SiteSettings site, PrintWriter out) {
        int needed = cells.stream().mapToInt(Cell::nodeCount).max().orElse(1);
        int n = nodes != null ? nodes : needed;
        if (n < needed) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(), "--nodes " + n + " is too few: the largest cell needs " + needed);
        }
        Duration planned = Plan.walltime(cells);
        Duration margin = cells.get(0).get(Schema.SCHEDULER_TEARDOWN_MARGIN);
        // per-run reservations are a login-node notion: inside one job, the job must hold every run
        Duration limit = time != null ? time : site.perRun() ? planned.plus(margin) : site.walltime();
        if (planned.compareTo(limit) > 0) {
            out.printf(
                    "note: the %d run(s) need about %s, the job gets %s: runs that do not fit are left for `submit --resume`%n",
                    cells.size(), Durations.format(planned), Durations.format(limit));
        }
        return new SbatchChain.Job(
                String.join("+", experiments) + " (" + cells.size() + " runs)",
                n,
                limit,
                resume ? List.of("--resume") : List.of());
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
