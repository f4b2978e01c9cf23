package io.streamscale.study;

import io.streamscale.common.Durations;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Plan;
import io.streamscale.remote.Shell;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A study submitted to SLURM as a chain of batch jobs ({@code streamscale submit}): one job per run, each sized from
 * the plan, and a last job that makes the experiments' reports; or the whole selection in one job. {@link #script}
 * writes the POSIX sh script that submits them, each after the previous one.
 *
 * @param experiments the experiments submitted (the first is the job script's argument, the rest --experiment)
 * @param killWait    SLURM's KillWait on this cluster: a job's SIGTERM comes at least this long before its end
 * @param begin       sbatch --begin of the first job, or null
 */
public record SbatchChain(
        Path home,
        Path manifest,
        List<String> experiments,
        Path submitDir,
        Path results,
        Duration margin,
        Duration killWait,
        String begin,
        String partition,
        String account) {
    /**
     * One sbatch call: what it submits and its arguments (a dependency on the previous job is added when chained).
     *
     * @param report the experiments' directories whose report this job makes instead of running (the chain's last job)
     */
    public record Job(String label, int nodes, Duration time, List<String> runArgs, List<Path> report) {
        public Job(String label, int nodes, Duration time, List<String> runArgs) {
            this(label, nodes, time, runArgs, List.of());
        }
    }

    /**
     * A job per run, each sized from the plan, and the report job last; runs that do not fit scheduler.walltime are
     * refused first.
     *
     * @param todo the runs to submit (those not complete yet, with --resume)
     */
    public static List<Job> perRun(Path file, List<Cell> todo, Path resultsDir, PrintWriter out) {
        if (todo.isEmpty()) {
            return List.of();
        }
        StudyChecks.reservationsFit(file, todo);
        List<Boolean> trains = Plan.trainsInOrder(todo, c -> !CellRunner.trains(c));
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
        jobs.add(new Job("report", 1, Reservation.REPORT, List.of(), reports));
        return jobs;
    }

    /** A POSIX sh script that submits the jobs in order, each after the previous one, and prints "ID LABEL" per job. */
    public String script(List<Job> jobs) {
        StringBuilder s = new StringBuilder(
                "#!/bin/sh\n# written by `streamscale submit`: submits " + String.join(", ", experiments)
                        + " of " + manifest + " (" + jobs.size() + " job(s)); run it again to submit again\nset -e\ncd "
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
                args.add(manifest.toString());
                args.add(experiments.get(0));
                for (String e : experiments.subList(1, experiments.size())) {
                    args.addAll(List.of("--experiment", e));
                }
                args.addAll(j.runArgs());
                args.addAll(List.of("--results", results.toString()));
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
    public static final Duration DEFAULT_KILL_WAIT = Duration.ofSeconds(30);

    /**
     * How long before its end a job is sent SIGTERM: the teardown margin, and never less than SLURM's KillWait, so a
     * teardown that starts then has at least what SLURM itself would grant a job it stops.
     */
    public static long signalSeconds(Duration margin, Duration killWait) {
        return Math.max(Math.max(30, margin.toSeconds()), killWait.toSeconds());
    }

    /** KillWait from {@code scontrol show config} ("KillWait = 30 sec"), or SLURM's default where it cannot be read. */
    public static Duration killWait(String scontrolConfig) {
        Matcher m = Pattern.compile("(?m)^KillWait\\s*=\\s*(\\d+)").matcher(scontrolConfig);
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : DEFAULT_KILL_WAIT;
    }
}
