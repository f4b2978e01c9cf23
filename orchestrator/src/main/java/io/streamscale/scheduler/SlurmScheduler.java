package io.streamscale.scheduler;

import io.streamscale.common.Durations;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SLURM. Inside an allocation ({@code SLURM_JOB_ID} set, e.g. in an sbatch script) the allocation's nodes are used and
 * never cancelled. From a login node, a holding batch job ({@code sbatch --wrap 'sleep infinity'}) reserves the nodes:
 * unlike {@code salloc}, it does not tie the reservation to a terminal, and {@code squeue} shows why it is pending. It
 * is cancelled with {@code scancel} on every exit path, and waited for until SLURM reports it gone.
 */
public final class SlurmScheduler implements Scheduler {
    private static final Logger log = LoggerFactory.getLogger(SlurmScheduler.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> ALIVE = Set.of(
            "PENDING",
            "CONFIGURING",
            "RUNNING",
            "COMPLETING",
            "SUSPENDED",
            "REQUEUED",
            "RESIZING",
            "SIGNALING",
            "STAGE_OUT");
    private final Remote frontEnd;
    private final Map<String, String> env;
    private final AddressRule addresses;
    private final Duration maxPoll;

    /**
     * @param frontEnd where SLURM commands run (this machine)
     * @param env      the environment to look for an enclosing allocation in
     * @param maxPoll  the longest pause between two squeue calls
     */
    public SlurmScheduler(Remote frontEnd, Map<String, String> env, AddressRule addresses, Duration maxPoll) {
        this.frontEnd = frontEnd;
        this.env = env;
        this.addresses = addresses;
        this.maxPoll = maxPoll;
    }

    @Override
    public String name() {
        return "slurm";
    }

    /** Whether the environment is an allocation's (then its nodes are used and nothing is submitted). */
    public boolean insideAllocation() {
        String id = env.get("SLURM_JOB_ID");
        return id != null && !id.isBlank();
    }

    @Override
    public Allocation reserve(NodeRequest request, BooleanSupplier cancelled) {
        return insideAllocation() ? enclosing(request) : holdingJob(request, cancelled);
    }

    private Allocation enclosing(NodeRequest request) {
        String id = env.get("SLURM_JOB_ID");
        String list = env.getOrDefault("SLURM_JOB_NODELIST", env.get("SLURM_NODELIST"));
        if (list == null || list.isBlank()) {
            throw new SchedulerException(
                    "SLURM_JOB_ID=" + id + " is set but SLURM_JOB_NODELIST is not: cannot tell the allocation's nodes");
        }
        List<String> hosts = Hostlist.expand(list);
        if (hosts.size() < request.nodes()) {
            throw new SchedulerException("SLURM job " + id + " has " + hosts.size() + " node(s) (" + list + "), "
                    + request.nodes() + " are needed: submit with --nodes=" + request.nodes()
                    + " (streamscale submit sizes it from the manifest)");
        }
        log.info(
                "slurm: using the {} node(s) of the enclosing SLURM job {} ({}); it is not ours to cancel",
                hosts.size(),
                id,
                list);
        return new Allocation(
                id,
                "inside SLURM job " + id + " (" + list + "; not cancelled by streamscale)",
                addresses.resolve(hosts),
                jobState(id).endsAt(),
                null);
    }

    /** The sbatch command line of the holding job. */
    public static String holdingJobCommand(NodeRequest r) {
        List<String> args = new ArrayList<>(List.of(
                "sbatch",
                "--parsable",
                "--job-name=" + r.jobName(),
                "--nodes=" + r.nodes(),
                // whole nodes, all their memory: on sites with memory cgroups a default share would cap Kafka and Spark
                "--exclusive",
                "--mem=0",
                "--time=" + minutes(r.walltime()),
                "--output=/dev/null",
                // a requeued holding job would hold other nodes than the ones this orchestrator is using
                "--no-requeue"));
        if (r.partition() != null) {
            args.add("--partition=" + r.partition());
        }
        if (r.account() != null) {
            args.add("--account=" + r.account());
        }
        if (r.constraint() != null) {
            args.add("--constraint=" + r.constraint());
        }
        args.add("--wrap=exec sleep infinity");
        return String.join(" ", args.stream().map(Shell::quote).toList());
    }

    static long minutes(Duration d) {
        return Math.max(1, (d.toSeconds() + 59) / 60);
    }

    private Allocation holdingJob(NodeRequest request, BooleanSupplier cancelled) {
        String command = holdingJobCommand(request);
        ExecResult r = frontEnd.exec(command, COMMAND_TIMEOUT);
        if (!r.ok()) {
            throw new SchedulerException("`" + command + "` exited with " + r.exitCode() + ": "
                    + r.stderr().strip());
        }
        String id = r.stdout().strip().split(";")[0];
        if (!id.matches("\\d+")) {
            throw new SchedulerException(
                    "`" + command + "` printed no job id: '" + r.stdout().strip() + "'");
        }
        log.info(
                "slurm: submitted holding job {} for {} node(s), {} min; waiting for it to start",
                id,
                request.nodes(),
                minutes(request.walltime()));
        try {
            long t0 = System.nanoTime();
            JobState[] last = {null};
            long[] lastReport = {0};
            ProbeResult started = Readiness.await(
                    "SLURM job " + id,
                    request.startTimeout(),
                    maxPoll,
                    () -> {
                        JobState s = jobState(id);
                        last[0] = s;
                        if (s.state() == null || !ALIVE.contains(s.state())) {
                            throw new SchedulerException("SLURM job " + id + " ended before it started (state "
                                    + (s.state() == null
                                            ? "unknown: squeue no longer lists it"
                                            : s.state() + ", reason " + s.reason())
                                    + ")");
                        }
                        if ("RUNNING".equals(s.state()) && !s.nodeList().isBlank()) {
                            return ProbeResult.ready(s.nodeList());
                        }
                        long now = System.nanoTime();
                        if (now - lastReport[0] >= 30_000_000_000L) {
                            lastReport[0] = now;
                            log.info(
                                    "slurm: job {} {} (reason: {}), waited {} of at most {}",
                                    id,
                                    s.state(),
                                    s.reason(),
                                    Durations.format(Duration.ofNanos(now - t0).withNanos(0)),
                                    Durations.format(request.startTimeout()));
                        }
                        return ProbeResult.notReady(s.state() + " (" + s.reason() + ")");
                    },
                    cancelled,
                    () -> {});
            if (!started.ready()) {
                throw new SchedulerException(
                        "SLURM job " + id + " did not start within " + Durations.format(request.startTimeout())
                                + " (still " + started.detail() + "); cancelled it (scancel " + id + ")");
            }
            List<String> hosts = Hostlist.expand(last[0].nodeList());
            log.info("slurm: job {} running on {} ({} node(s))", id, last[0].nodeList(), hosts.size());
            return new Allocation(
                    id,
                    "SLURM job " + id + " (" + last[0].nodeList() + ", reserved by streamscale)",
                    addresses.resolve(hosts),
                    last[0].endsAt(),
                    () -> cancel(id));
        } catch (RuntimeException e) {
            cancel(id);
            throw e;
        }
    }

    /** A job as squeue reports it; state null when squeue does not know the job. */
    record JobState(String state, String reason, String nodeList, Instant endsAt) {}

    JobState jobState(String id) {
        String command = "squeue -h -t all -j " + Shell.quote(id) + " -o '%T|%r|%N|%e'";
        ExecResult r = frontEnd.exec(command, COMMAND_TIMEOUT);
        String line = r.stdout().strip();
        if (!r.ok() || line.isEmpty()) {
            if (!r.ok() && !r.stderr().contains("Invalid job id")) {
                throw new SchedulerException("`" + command + "` exited with " + r.exitCode() + ": "
                        + r.stderr().strip());
            }
            return new JobState(null, null, "", null);
        }
        String[] f = line.lines().findFirst().orElse("").split("\\|", -1);
        if (f.length < 4) {
            throw new SchedulerException("`" + command + "` printed '" + line + "', not STATE|REASON|NODES|END");
        }
        return new JobState(f[0].strip(), f[1].strip(), f[2].strip(), endTime(f[3].strip()));
    }

    private static Instant endTime(String s) {
        try {
            return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            return null; // N/A, Unknown, NONE: no end known
        }
    }

    /** Cancels the job and waits (bounded) until SLURM no longer counts it as alive. */
    private void cancel(String id) {
        String command = "scancel " + id;
        ExecResult r = frontEnd.exec(command, COMMAND_TIMEOUT);
        if (!r.ok()) {
            log.error(
                    "slurm: `{}` exited with {}: {}",
                    command,
                    r.exitCode(),
                    r.stderr().strip());
        }
        ProbeResult gone = Readiness.await(
                "SLURM job " + id + " to end",
                Duration.ofSeconds(60),
                maxPoll,
                () -> {
                    JobState s = jobState(id);
                    return s.state() == null || !ALIVE.contains(s.state())
                            ? ProbeResult.ready(String.valueOf(s.state()))
                            : ProbeResult.notReady(s.state());
                },
                () -> false,
                () -> {});
        if (gone.ready()) {
            log.info("slurm: job {} cancelled ({})", id, gone.detail());
        } else {
            log.error("slurm: job {} still {} 60 s after scancel; check `squeue -j {}`", id, gone.detail(), id);
        }
    }
}
