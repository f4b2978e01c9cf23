package io.streamscale.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Emulated cluster hosts for integration tests: dev/test-cluster-up.sh (one sshd per host on 127.0.1.(10+i):2222,
 * optionally a real SLURM). Needs root; tests that use it are skipped with a message saying so otherwise.
 */
public final class TestCluster {
    public static final Path STATE = Path.of(System.getProperty("java.io.tmpdir"), "streamscale-test-cluster");

    private TestCluster() {}

    public static void assumeRoot() {
        String uid = System.getenv().getOrDefault("UID", "");
        boolean root = "root".equals(System.getProperty("user.name")) || "0".equals(uid);
        assumeTrue(
                root,
                "skipped: emulating cluster hosts needs root (it starts sshd on loopback aliases and edits"
                        + " /etc/hosts); running as " + System.getProperty("user.name"));
    }

    /** Starts (or reuses) n hosts; returns the ssh_config to reach them as n1..n{n}. */
    public static Path up(int nodes, boolean withSlurm) throws IOException, InterruptedException {
        assumeRoot();
        Path log = Files.createTempFile("test-cluster-up", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        TestHome.path().resolve("dev/test-cluster-up.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("NODES", String.valueOf(nodes));
        pb.environment().put("STATE", STATE.toString());
        pb.environment().put("WITH_SLURM", withSlurm ? "1" : "0");
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        assertEquals(true, done && p.exitValue() == 0, "dev/test-cluster-up.sh failed:\n" + Files.readString(log));
        return STATE.resolve("ssh_config");
    }

    public static void down() throws IOException, InterruptedException {
        new ProcessBuilder(
                        "bash",
                        TestHome.path().resolve("dev/test-cluster-down.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor(2, TimeUnit.MINUTES);
    }

    /** Stops every host's sshd (SLURM keeps running); {@code up(n, false)} starts them again and leaves SLURM alone. */
    public static void stopSshds() throws IOException, InterruptedException {
        try (var pidfiles = Files.newDirectoryStream(Path.of("/run"), "sshd-n*.pid")) {
            for (Path f : pidfiles) {
                long pid = Long.parseLong(Files.readString(f).strip());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50); // poll: sshd exits on SIGTERM
                }
                Files.deleteIfExists(f);
            }
        }
    }
}
