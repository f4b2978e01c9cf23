package io.streamscale.service;

import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.RemoteException;
import io.streamscale.remote.Shell;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way daemons are started, probed, stopped, killed and cleaned, on any host, through its {@link Remote}.
 * A daemon runs detached ({@code setsid}, output to its log, stdin closed) so it outlives the command that started it,
 * and its pid is recorded at launch; liveness checks the pid AND the daemon's marker in its command line.
 */
public final class DaemonController {
    private static final Logger log = LoggerFactory.getLogger(DaemonController.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PORT_RELEASE_WAIT = Duration.ofSeconds(10);
    private final Function<String, Remote> remotes;
    private final Duration portReleaseWait;

    /** @param remotes the remote for a node name */
    public DaemonController(Function<String, Remote> remotes) {
        this(remotes, PORT_RELEASE_WAIT);
    }

    /**
     * @param portReleaseWait how long a taken port may take to be released before launch fails (a daemon that was
     *                        just killed can hold its sockets for a moment while it exits)
     */
    public DaemonController(Function<String, Remote> remotes, Duration portReleaseWait) {
        this.remotes = remotes;
        this.portReleaseWait = portReleaseWait;
    }

    private Remote remote(DaemonSpec spec) {
        return remotes.apply(spec.node());
    }

    /** The remote of a node, for work beside the daemons (clearing a fault's leftovers). */
    public Remote remoteOf(String node) {
        return remotes.apply(node);
    }

    /** {@code NAME="$(cat FILE)" }: the shell reads the value, so only the file's path is on a command line. */
    private static String secretAssignments(DaemonSpec spec) {
        StringBuilder s = new StringBuilder();
        spec.secretEnv().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> s.append(e.getKey())
                        .append("=\"$(cat ")
                        .append(Shell.quote(e.getValue()))
                        .append(")\" "));
        return s.toString();
    }

    /** Creates {@code dir} (and its parents) with mode 0700, or sets that mode if it exists. */
    public void createPrivateDir(String node, String dir) {
        remotes.apply(node).run("mkdir -p " + Shell.quote(dir) + " && chmod 700 " + Shell.quote(dir), COMMAND_TIMEOUT);
    }

    /**
     * Writes a file only this user can read (created under umask 077, never recorded anywhere else): a secret that
     * daemons read at start.
     */
    public void writePrivate(String node, String path, String content) {
        writePrivate(node, path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #writePrivate(String, String, String)} for any bytes (a keystore). */
    public void writePrivate(String node, String path, byte[] content) {
        String parent = path.substring(0, path.lastIndexOf('/'));
        String cmd = "umask 077 && mkdir -p " + Shell.quote(parent) + " && rm -f " + Shell.quote(path) + " && cat > "
                + Shell.quote(path);
        ExecResult r = remotes.apply(node)
                .exec(cmd, new ByteArrayInputStream(content), OutputStream.nullOutputStream(), COMMAND_TIMEOUT);
        if (r.exitCode() != 0) {
            throw RemoteException.failed(node, cmd, r);
        }
    }

    /**
     * Checks its ports, writes its files, runs its pre-start commands and starts it in the background.
     *
     * @throws PortInUseException if one of its endpoints is taken; nothing was started then
     */
    public RunningDaemon launch(DaemonSpec spec) {
        Remote remote = remote(spec);
        for (Endpoint e : spec.endpoints()) {
            ensureFree(remote, spec, e);
        }
        remote.run(
                "mkdir -p " + Shell.quote(spec.confDir()) + " " + Shell.quote(spec.dataDir()) + " "
                        + Shell.quote(spec.workDir() + "/logs"),
                COMMAND_TIMEOUT);
        for (Map.Entry<String, String> f : spec.files().entrySet()) {
            remote.write(spec.workDir() + "/" + f.getKey(), f.getValue().getBytes(StandardCharsets.UTF_8));
        }
        for (List<String> cmd : spec.preStart()) {
            remote.run(
                    "cd " + Shell.quote(spec.workDir()) + " && " + Shell.envPrefix(spec.env()) + Shell.join(cmd)
                            + " >> " + Shell.quote(spec.logFile()) + " 2>&1",
                    COMMAND_TIMEOUT);
        }
        // A simple command sent to the background: $! is the daemon itself (env and setsid exec, they do not fork).
        String launch = "cd " + Shell.quote(spec.workDir()) + " || exit 1; "
                + secretAssignments(spec) + Shell.envPrefix(spec.env()) + "setsid " + Shell.join(spec.command())
                + " >> " + Shell.quote(spec.logFile()) + " 2>&1 < /dev/null & "
                + "echo $! > " + Shell.quote(spec.pidFile()) + "; echo $!";
        String out = remote.launchBackground(launch, COMMAND_TIMEOUT).strip();
        long pid = Long.parseLong(out);
        log.info("{}: started, pid {}, log {}", spec.label(), pid, spec.logFile());
        return new RunningDaemon(spec, pid, Instant.now());
    }

    private void ensureFree(Remote remote, DaemonSpec spec, Endpoint e) {
        ProbeResult free = Readiness.await(
                spec.label() + " " + e + " free",
                portReleaseWait,
                () -> e.accepting() ? ProbeResult.notReady("in use") : ProbeResult.ready("free"),
                () -> false,
                () -> {});
        if (free.ready()) {
            return;
        }
        ExecResult who = remote.exec(
                "ss -Hltnp " + Shell.quote("sport = :" + e.port()) + " 2>/dev/null", Duration.ofSeconds(10));
        String holder =
                who.ok() && !who.stdout().isBlank() ? who.stdout().strip().replaceAll("\\s+", " ") : "process unknown";
        throw new PortInUseException(spec.label() + ": " + e + " (" + e.purpose() + ") is already in use on "
                + spec.node() + " by: " + holder);
    }

    /** The kernel's flag of a kernel thread in /proc/PID/stat (include/linux/sched.h). */
    private static final int PF_KTHREAD = 0x00200000;

    /** True if the recorded pid is alive and is still this daemon (a zombie or a reused pid is not). */
    public boolean isAlive(RunningDaemon d) {
        // An empty command line is a zombie (state Z), a process in the middle of exec (setsid -> java) or of exiting
        // (alive: its ports may still be bound), or a kernel thread (flag PF_KTHREAD in /proc/PID/stat). Pids wrap
        // fast where pid_max is 32768, so a kernel thread that took a stopped daemon's pid must not count as it.
        // Otherwise the marker tells the daemon from a process that reused its pid.
        String proc = "/proc/" + d.pid();
        String stat = "$(sed 's/.*) //' " + proc + "/stat)";
        String cmd = "kill -0 " + d.pid() + " 2>/dev/null && s=\"" + stat + "\" && [ \"${s%% *}\" != Z ] && "
                + "{ c=$(tr '\\0' ' ' < " + proc + "/cmdline); if [ -z \"$c\" ]; then f=$(echo \"$s\" | cut -d' ' -f7);"
                + " [ -n \"$f\" ] && [ $((f & " + PF_KTHREAD + ")) -eq 0 ]; else printf '%s' \"$c\" | grep -qF -- "
                + Shell.quote(d.spec().marker())
                + "; fi; }";
        return remote(d.spec()).exec(cmd, COMMAND_TIMEOUT).exitCode() == 0;
    }

    /**
     * Waits until the daemon's probe says ready.
     *
     * @param cancelled polled between probes; when true the wait ends with {@link Readiness.Cancelled}
     * @throws DaemonFailedException if it exits first or the deadline passes; the message has its log tail
     */
    public ProbeResult awaitReady(RunningDaemon d, Duration timeout, BooleanSupplier cancelled) {
        Remote node = remote(d.spec());
        ProbeResult r = Readiness.await(
                d.spec().label(), timeout, () -> d.spec().probe().check(node), cancelled, () -> {
                    if (!isAlive(d)) {
                        throw new DaemonFailedException(d.label() + " exited during start-up" + logTail(d));
                    }
                });
        if (!r.ready()) {
            throw new DaemonFailedException(d.label() + " not ready within " + timeout.toSeconds() + " s ("
                    + d.spec().probe().describe() + ": " + r.detail() + ")" + logTail(d));
        }
        return r;
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Idempotent: a daemon already gone is fine. */
    public void stop(RunningDaemon d, Duration grace) {
        if (!isAlive(d)) {
            return;
        }
        remote(d.spec()).signal(d.pid(), "TERM");
        if (!awaitExit(d, grace)) {
            log.warn("{}: still running {} s after SIGTERM, sending SIGKILL", d.label(), grace.toSeconds());
            kill(d);
        } else {
            log.info("{}: stopped", d.spec().label());
        }
    }

    /** SIGKILL and wait for it to vanish. */
    public void kill(RunningDaemon d) {
        remote(d.spec()).signal(d.pid(), "KILL");
        if (!awaitExit(d, Duration.ofSeconds(15))) {
            throw new DaemonFailedException(d.label() + " survived SIGKILL for 15 s");
        }
    }

    /**
     * Waits until the daemon is stopped by a signal ({@code paused}: state T, as SIGSTOP leaves it) or runs again.
     *
     * @return false if it is not so by the deadline
     */
    public boolean awaitPaused(RunningDaemon d, boolean paused, Duration timeout) {
        String stopped = "[ \"$(sed 's/.*) //' /proc/" + d.pid() + "/stat 2>/dev/null | cut -c1)\" = T ]";
        return Readiness.await(
                        d.spec().label() + (paused ? " stopped" : " running"),
                        timeout,
                        () -> remote(d.spec()).exec(stopped, COMMAND_TIMEOUT).ok() == paused
                                ? ProbeResult.ready(paused ? "stopped" : "running")
                                : ProbeResult.notReady(paused ? "not stopped yet" : "still stopped"),
                        () -> false,
                        () -> {})
                .ready();
    }

    /** Sends a signal (STOP, CONT, ...) to the daemon; false if it is not running. */
    public boolean signal(RunningDaemon d, String signal) {
        return isAlive(d) && remote(d.spec()).signal(d.pid(), signal);
    }

    /** Sends SIGTERM without waiting; {@link #stop} afterwards finishes the job. */
    public void terminate(RunningDaemon d) {
        if (isAlive(d)) {
            remote(d.spec()).signal(d.pid(), "TERM");
        }
    }

    /** Removes its data directory (its logs and configs stay). */
    public void clean(DaemonSpec spec) {
        remote(spec).run("rm -rf " + Shell.quote(spec.dataDir()), COMMAND_TIMEOUT);
    }

    private boolean awaitExit(RunningDaemon d, Duration timeout) {
        return awaitExit(d, timeout, () -> false);
    }

    /** Waits until the daemon has exited by itself; false if it still runs at the deadline. */
    public boolean awaitExit(RunningDaemon d, Duration timeout, BooleanSupplier cancelled) {
        return Readiness.await(
                        d.spec().label() + " exit",
                        timeout,
                        () -> isAlive(d) ? ProbeResult.notReady("running") : ProbeResult.ready("exited"),
                        cancelled,
                        () -> {})
                .ready();
    }

    /** One look at its probe, on its node. */
    public ProbeResult probe(RunningDaemon d) {
        return d.spec().probe().check(remote(d.spec()));
    }

    /** Copies its log file from its node to {@code local} (a missing log is skipped: it never started). */
    public void fetchLog(RunningDaemon d, Path local) {
        Remote remote = remote(d.spec());
        if (remote.exec("test -f " + Shell.quote(d.spec().logFile()), COMMAND_TIMEOUT)
                .ok()) {
            remote.download(d.spec().logFile(), local);
        }
    }

    /** The last lines of its log, formatted to append to an error message. */
    public String logTail(RunningDaemon d) {
        ExecResult r =
                remote(d.spec()).exec("tail -n 25 " + Shell.quote(d.spec().logFile()), COMMAND_TIMEOUT);
        return r.ok() && !r.stdout().isBlank()
                ? "; last lines of " + d.spec().logFile() + ":\n" + r.stdout().stripTrailing()
                : "; log " + d.spec().logFile() + " is empty or missing";
    }
}
