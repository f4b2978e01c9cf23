package io.streamscale.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs commands on a node of a SLURM job as job steps ({@code srun --jobid=J --nodelist=HOST --overlap}), for sites
 * that allow no ssh to compute nodes (pam_slurm_adopt) and so that everything started stays in the job: SLURM's process
 * tracking sees it, and {@code scancel} ends it. Files move through the step's stdin and stdout.
 *
 * <p>A daemon is a step of its own that lives as long as the daemon ({@link #launchBackground}): on sites that track
 * steps by cgroup, a process left behind by a step that ended is killed with it.
 */
public final class SrunRemote implements Remote {
    private final String host;
    private final String job;
    private final LocalRemote here;

    public SrunRemote(String host, String job) {
        this.host = host;
        this.job = job;
        this.here = new LocalRemote(host);
    }

    @Override
    public String host() {
        return host;
    }

    /** The srun command line that runs {@code command} with sh on this node, in the job, beside its other steps. */
    String step(String command) {
        return "srun --jobid=" + Shell.quote(job) + " --nodelist=" + Shell.quote(host) + " --nodes=1 --ntasks=1"
                + OVERLAP.get() + " --quiet --job-name=streamscale /bin/sh -c " + Shell.quote(command);
    }

    /**
     * Steps share the job's resources: from SLURM 20.11 only with --overlap (a step holds its CPUs otherwise, and the
     * next one waits); before, sharing was the default and the option does not exist (DAS-5 ran 17.02).
     */
    private static final Supplier<String> OVERLAP = new Supplier<>() {
        private volatile String flag;

        @Override
        public String get() {
            if (flag == null) {
                flag = overlapFlag(new LocalRemote("front-end")
                        .exec("srun --version", Duration.ofSeconds(30))
                        .stdout());
            }
            return flag;
        }
    };

    /** " --overlap" for `srun --version` output of 20.11 or later (or unreadable output), "" before. */
    static String overlapFlag(String version) {
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) {
            return " --overlap";
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 20 || (major == 20 && minor >= 11) ? " --overlap" : "";
    }

    @Override
    public ExecResult exec(String command, Duration timeout) {
        return here.exec(step(command), timeout);
    }

    @Override
    public ExecResult exec(String command, InputStream stdin, OutputStream stdout, Duration timeout) {
        return here.exec(step(command), stdin, stdout, timeout);
    }

    @Override
    public Conversation converse(String command) {
        return here.converse(step(command));
    }

    /**
     * Runs the launch in a step that then waits for what it started, so the step lasts as long as the daemon; the srun
     * client runs detached on this machine and the launch's output (the daemon's pid) is read from its output file.
     */
    @Override
    public String launchBackground(String launch, Duration timeout) {
        Path out;
        try {
            out = Files.createTempFile("streamscale-srun-" + host + "-", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // srun writes the pid once the step has started it: woken by the file's changes (inotify), not on a guessed
        // beat
        try (WatchService changes = out.getFileSystem().newWatchService()) {
            out.getParent().register(changes, StandardWatchEventKinds.ENTRY_MODIFY);
            here.run(
                    "setsid " + step(launch + "; wait") + " > " + Shell.quote(out.toString()) + " 2>&1 < /dev/null &",
                    timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String text = Files.readString(out, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                if (nl >= 0) {
                    return text.substring(0, nl + 1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                WatchKey key = changes.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
            throw new RemoteException(
                    host,
                    launch,
                    -1,
                    "on " + host + ": the step `" + launch + "` printed nothing within " + timeout.toSeconds() + " s: "
                            + Files.readString(out, StandardCharsets.UTF_8).strip(),
                    null);
        } catch (IOException e) {
            throw RemoteException.unreachable(host, launch, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RemoteException.unreachable(host, launch, e);
        } finally {
            try {
                Files.deleteIfExists(out); // srun keeps its open file; nothing more is read from it
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }

    @Override
    public void write(String path, byte[] content) {
        run("mkdir -p " + Shell.quote(parent(path)), Duration.ofSeconds(60));
        ExecResult r = exec(
                "cat > " + Shell.quote(path),
                new ByteArrayInputStream(content),
                OutputStream.nullOutputStream(),
                Duration.ofSeconds(60));
        if (!r.ok()) {
            throw RemoteException.failed(host, "write " + path, r);
        }
    }

    /**
     * Through the step's stdin, then the file's size on the node compared with ours: a step's stdin and stdout were
     * seen to come up short (3 531 of 10 000 lines, once in several runs on the emulated cluster), so a short copy is
     * sent again, up to {@link #ATTEMPTS} times.
     */
    @Override
    public void upload(Path local, String remotePath) {
        run("mkdir -p " + Shell.quote(parent(remotePath)), Duration.ofSeconds(60));
        try {
            long size = Files.size(local);
            long got = -1;
            for (int attempt = 1; attempt <= ATTEMPTS && got != size; attempt++) {
                try (InputStream in = Files.newInputStream(local)) {
                    ExecResult r = exec(
                            "cat > " + Shell.quote(remotePath),
                            in,
                            OutputStream.nullOutputStream(),
                            Duration.ofMinutes(30));
                    if (!r.ok()) {
                        throw RemoteException.failed(host, "upload " + local + " " + remotePath, r);
                    }
                }
                got = sizeOf(remotePath);
            }
            if (got != size) {
                throw new RemoteException(
                        host,
                        "upload " + local + " " + remotePath,
                        -1,
                        "on " + host + ": " + remotePath + " has " + got + " of " + size + " bytes after " + ATTEMPTS
                                + " attempts through the job's steps",
                        null);
            }
        } catch (IOException e) {
            throw RemoteException.unreachable(host, "upload " + local + " " + remotePath, e);
        }
    }

    /** Through the step's stdout, checked against the file's size on the node (and fetched again when short). */
    @Override
    public void download(String remotePath, Path local) {
        try {
            Files.createDirectories(local.toAbsolutePath().getParent());
            long size = sizeOf(remotePath);
            long got = -1;
            for (int attempt = 1; attempt <= ATTEMPTS && got != size; attempt++) {
                try (OutputStream o = Files.newOutputStream(local)) {
                    ExecResult r = exec(
                            "cat " + Shell.quote(remotePath), InputStream.nullInputStream(), o, Duration.ofMinutes(30));
                    if (!r.ok()) {
                        throw RemoteException.failed(host, "download " + remotePath, r);
                    }
                }
                got = Files.size(local);
            }
            if (got != size) {
                throw new RemoteException(
                        host,
                        "download " + remotePath,
                        -1,
                        "on " + host + ": fetched " + got + " of " + size + " bytes of " + remotePath + " after "
                                + ATTEMPTS + " attempts through the job's steps",
                        null);
            }
        } catch (IOException e) {
            throw RemoteException.unreachable(host, "download " + remotePath + " " + local, e);
        }
    }

    private static final int ATTEMPTS = 3;

    private long sizeOf(String remotePath) {
        String out = run("wc -c < " + Shell.quote(remotePath), Duration.ofSeconds(60))
                .stdout()
                .strip();
        try {
            return Long.parseLong(out);
        } catch (NumberFormatException e) {
            throw new RemoteException(
                    host,
                    "wc -c " + remotePath,
                    -1,
                    "on " + host + ": the size of " + remotePath + " is not a number: " + out,
                    e);
        }
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    @Override
    public void close() {}
}
