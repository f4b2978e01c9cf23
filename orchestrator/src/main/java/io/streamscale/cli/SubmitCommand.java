package io.streamscale.cli;

import io.streamscale.common.Durations;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.manifest.Plan;
import io.streamscale.manifest.Schema;
import io.streamscale.model.ModelCache;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.Shell;
import io.streamscale.remote.SshRemote;
import io.streamscale.remote.SshSettings;
import io.streamscale.scheduler.Launcher;
import io.streamscale.study.CellRunner;
import io.streamscale.study.SiteSettings;
import io.streamscale.study.StudyChecks;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * One sbatch call: what it submits and its arguments (a dependency on the previous job is added when chained).
     *
     * @param report the experiments' directories whose report this job makes instead of running (the chain's last job)
     */
    private record Job(String label, int nodes, Duration time, List<String> runArgs, List<Path> report) {
        Job(String label, int nodes, Duration time, List<String> runArgs) {
            this(label, nodes, time, runArgs, List.of());
        }
    }

    private Duration killWait = DEFAULT_KILL_WAIT;

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
        List<Job> jobs = oneJob ? List.of(wholeStudy(cells, site, out)) : perRun(file, cells, resultsDir, out);
        if (jobs.isEmpty()) {
            out.println("nothing to submit: every selected run completed in " + resultsDir);
            return 0;
        }
        Duration margin = (Duration) cells.get(0).get(Schema.SCHEDULER_TEARDOWN_MARGIN);
        killWait = killWait(new LocalRemote("front-end")
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
        String script = script(
                home,
                file,
                jobs,
                margin,
                firstNonNull(partition, site.partition()),
                firstNonNull(account, site.account()),
                submitDir,
                resultsDir);
        Path record = submitDir.resolve(String.join("+", experiments) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".sh");
        Files.writeString(record, script);
        record.toFile().setExecutable(true);
        Duration total = jobs.stream().map(Job::time).reduce(Duration.ZERO, Duration::plus);
        out.printf(
                "%d job(s), %s of job time in all%s; submission script written to %s%n",
                jobs.size(), Durations.format(total), jobs.size() > 1 ? ", one after another" : "", record);
        for (Job j : jobs) {
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

    /** A job per run, each sized from the plan; runs that do not fit scheduler.walltime are refused first. */
    private List<Job> perRun(Path file, List<Cell> cells, Path resultsDir, PrintWriter out) {
        List<Cell> todo = resume
                ? cells.stream()
                        .filter(c -> !CellRunner.completed(resultsDir, c))
                        .toList()
                : cells;
        if (todo.isEmpty()) {
            return List.of();
        }
        StudyChecks.reservationsFit(file, todo);
        List<Boolean> trains = Plan.trainsInOrder(
                todo,
                c -> c.get(Schema.MODEL_PATH) != null || ModelCache.defaults().has(c.modelSpec()));
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < todo.size(); i++) {
            Cell c = todo.get(i);
            Plan.Reservation r = Plan.perRun(c, trains.get(i));
            Duration t = r.length();
            if (r.trainingFirst() != null) {
                // inside a job the model is trained on its nodes before the run: that job holds both
                t = t.plus(r.trainingFirst());
                out.printf(
                        "note: %s trains its model first; its job (%s) is longer than scheduler.walltime %s. To keep every job"
                                + " within it, train the model beforehand (`streamscale train` on a node) and submit again%n",
                        c.label(), Durations.format(t), Durations.format(r.limit()));
            }
            // each job analyses its own run; the experiments' reports are made once, by the last job
            jobs.add(new Job(c.label(), c.nodeCount(), t, List.of("--only", c.label(), "--no-report")));
        }
        List<Path> reports = todo.stream()
                .map(Cell::experiment)
                .distinct()
                .map(resultsDir::resolve)
                .toList();
        jobs.add(new Job("report", 1, REPORT_TIME, List.of(), reports));
        return jobs;
    }

    /** The report job's time: DAS-5's daytime limit; a report of a 42-run study takes a few minutes. */
    static final Duration REPORT_TIME = Duration.ofMinutes(15);

    /** The whole selection in one job (the orchestrator runs every cell on the job's nodes). */
    private Job wholeStudy(List<Cell> cells, SiteSettings site, PrintWriter out) {
        int needed = cells.stream().mapToInt(Cell::nodeCount).max().orElse(1);
        int n = nodes != null ? nodes : needed;
        if (n < needed) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(), "--nodes " + n + " is too few: the largest cell needs " + needed);
        }
        Duration planned = Plan.walltime(cells);
        Duration margin = (Duration) cells.get(0).get(Schema.SCHEDULER_TEARDOWN_MARGIN);
        // per-run reservations are a login-node notion: inside one job, the job must hold every run
        Duration limit = time != null ? time : site.perRun() ? planned.plus(margin) : site.walltime();
        if (planned.compareTo(limit) > 0) {
            out.printf(
                    "note: the %d run(s) need about %s, the job gets %s: runs that do not fit are left for `submit --resume`%n",
                    cells.size(), Durations.format(planned), Durations.format(limit));
        }
        return new Job(
                String.join("+", experiments) + " (" + cells.size() + " runs)",
                n,
                limit,
                resume ? List.of("--resume") : List.of());
    }

    /** A POSIX sh script that submits the jobs in order, each after the previous one, and prints "ID LABEL" per job. */
    private String script(
            Path home,
            Path file,
            List<Job> jobs,
            Duration margin,
            String partition,
            String account,
            Path submitDir,
            Path resultsDir) {
        StringBuilder s = new StringBuilder(
                "#!/bin/sh\n# written by `streamscale submit`: submits " + String.join(", ", experiments)
                        + " of " + file + " (" + jobs.size() + " job(s)); run it again to submit again\nset -e\ncd "
                        + Shell.quote(home.toString()) + "\n");
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            List<String> args = new ArrayList<>(List.of(
                    "sbatch",
                    "--parsable",
                    "--job-name=streamscale-" + j.label().replaceAll("[^A-Za-z0-9._+-]+", "-"),
                    "--nodes=" + j.nodes(),
                    "--time=" + Math.max(1, (j.time().toSeconds() + 59) / 60),
                    // SIGTERM to the orchestrator (the batch shell execs it) so it tears down before SLURM kills the
                    // job
                    "--signal=B:TERM@" + signalSeconds(margin, killWait),
                    // one run a job: requeued after a node failure, it repeats its run (the old attempt moved aside,
                    // and
                    // daemons a dead orchestrator left on the nodes stopped before it starts)
                    "--requeue",
                    "--output=" + submitDir.resolve("slurm-%j.out"),
                    "--export=ALL,STREAMSCALE_NO_BUILD=1,STREAMSCALE_HOME=" + home + ",JAVA_HOME="
                            + System.getProperty("java.home")));
            if (i == 0 && begin != null) {
                args.add("--begin=" + begin);
            }
            if (partition != null) {
                args.add("--partition=" + partition);
            }
            if (account != null) {
                args.add("--account=" + account);
            }
            if (!j.report().isEmpty()) { // the report of whatever runs completed, on a node of its own
                String launcher = Shell.quote(home.resolve("bin/streamscale").toString());
                args.add("--wrap="
                        + String.join(
                                "; ",
                                j.report().stream()
                                        .map(d -> launcher + " report " + Shell.quote(d.toString()))
                                        .toList()));
            } else {
                args.add(home.resolve("sbatch/streamscale.sbatch").toString());
                args.add(file.toString());
                args.add(experiments.get(0));
                for (String e : experiments.subList(1, experiments.size())) {
                    args.addAll(List.of("--experiment", e));
                }
                args.addAll(j.runArgs());
                args.addAll(List.of("--results", resultsDir.toString()));
            }
            String command = String.join(" ", args.stream().map(Shell::quote).toList());
            if (i > 0) { // after the previous job ends, whatever its outcome
                command =
                        command.replaceFirst("^sbatch --parsable ", "sbatch --parsable --dependency=afterany:\\$job ");
            }
            s.append("job=$(")
                    .append(command)
                    .append(")\njob=${job%%;*}\necho \"$job\" ")
                    .append(Shell.quote(j.label()))
                    .append("\n");
        }
        return s.toString();
    }

    /** SLURM's default KillWait: SIGKILL this long after the time limit's SIGTERM. */
    static final Duration DEFAULT_KILL_WAIT = Duration.ofSeconds(30);

    /**
     * How long before its end a job is sent SIGTERM: the teardown margin, and never less than SLURM's KillWait, so a
     * teardown that starts then has at least what SLURM itself would grant a job it stops.
     */
    static long signalSeconds(Duration margin, Duration killWait) {
        return Math.max(Math.max(30, margin.toSeconds()), killWait.toSeconds());
    }

    /** KillWait from {@code scontrol show config} ("KillWait = 30 sec"), or SLURM's default where it cannot be read. */
    static Duration killWait(String scontrolConfig) {
        Matcher m = Pattern.compile("(?m)^KillWait\\s*=\\s*(\\d+)").matcher(scontrolConfig);
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : DEFAULT_KILL_WAIT;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
