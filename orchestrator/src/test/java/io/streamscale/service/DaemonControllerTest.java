package io.streamscale.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.readiness.ZooKeeperRuokProbe;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.RemoteException;
import io.streamscale.testing.RecordingRemote;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The command lines the one launcher sends to a node (recorded by a fake Remote). */
class DaemonControllerTest {
    static final DaemonSpec SPEC = new DaemonSpec(
            "kafka-0",
            ServiceKind.KAFKA,
            "n1",
            "127.0.0.250",
            "/scratch/n1/kafka-0",
            List.of(
                    "/jdk/bin/java",
                    "-Xmx1g",
                    "-Dstreamscale.daemon=c1/n1/kafka-0",
                    "-cp",
                    "/rt/kafka/lib/*",
                    "kafka.Kafka",
                    "/scratch/n1/kafka-0/conf/server.properties"),
            Map.of("B", "2", "A", "1 x"),
            Map.of("conf/server.properties", "broker.id=0\n"),
            List.of(List.of("/jdk/bin/java", "-cp", "/rt/kafka/lib/*", "kafka.tools.StorageTool", "format")),
            List.of(new Endpoint("127.0.0.250", 1, "kafka")),
            new ZooKeeperRuokProbe("127.0.0.250", 1),
            "streamscale.daemon=c1/n1/kafka-0");

    @Test
    void launchWritesFilesRunsPreStartAndRecordsThePidOfADetachedProcess() {
        RecordingRemote r = new RecordingRemote(
                "n1", c -> c.contains("setsid") ? new ExecResult(0, "4242\n", "") : new ExecResult(0, "", ""));
        RunningDaemon d = new DaemonController(n -> r).launch(SPEC);
        assertEquals(4242, d.pid());
        assertEquals("broker.id=0\n", r.written.get("/scratch/n1/kafka-0/conf/server.properties"));
        assertEquals(
                "mkdir -p /scratch/n1/kafka-0/conf /scratch/n1/kafka-0/data /scratch/n1/kafka-0/logs",
                r.commands.get(0));
        assertEquals(
                "cd /scratch/n1/kafka-0 && env 'A=1 x' B=2 /jdk/bin/java -cp '/rt/kafka/lib/*' kafka.tools.StorageTool format"
                        + " >> /scratch/n1/kafka-0/logs/kafka-0.log 2>&1",
                r.commands.get(1));
        assertEquals(
                "cd /scratch/n1/kafka-0 || exit 1; env 'A=1 x' B=2 setsid /jdk/bin/java -Xmx1g -Dstreamscale.daemon=c1/n1/kafka-0"
                        + " -cp '/rt/kafka/lib/*' kafka.Kafka /scratch/n1/kafka-0/conf/server.properties"
                        + " >> /scratch/n1/kafka-0/logs/kafka-0.log 2>&1 < /dev/null & echo $! > /scratch/n1/kafka-0/kafka-0.pid; echo $!",
                r.commands.get(2));
    }

    @Test
    void aFailedPreStartStopsTheLaunchAndNamesHostCommandAndStderr() {
        RecordingRemote r = new RecordingRemote(
                "n1",
                c -> c.contains("StorageTool")
                        ? new ExecResult(1, "", "Invalid cluster.id")
                        : new ExecResult(0, "", ""));
        RemoteException e = assertThrows(RemoteException.class, () -> new DaemonController(n -> r).launch(SPEC));
        assertTrue(e.getMessage().contains("on n1"), e.getMessage());
        assertTrue(e.getMessage().contains("StorageTool"), e.getMessage());
        assertTrue(e.getMessage().contains("exited with 1: Invalid cluster.id"), e.getMessage());
        assertTrue(r.commands.stream().noneMatch(c -> c.contains("setsid")), "nothing was started");
    }

    @Test
    void aTakenPortIsReportedBeforeAnythingStartsWithTheHolder() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.250"))) {
            DaemonSpec spec = new DaemonSpec(
                    SPEC.id(),
                    SPEC.kind(),
                    SPEC.node(),
                    SPEC.address(),
                    SPEC.workDir(),
                    SPEC.command(),
                    SPEC.env(),
                    SPEC.files(),
                    SPEC.preStart(),
                    List.of(new Endpoint("127.0.0.250", taken.getLocalPort(), "kafka")),
                    SPEC.probe(),
                    SPEC.marker());
            RecordingRemote r = new RecordingRemote(
                    "n1",
                    c -> c.startsWith("ss ")
                            ? new ExecResult(
                                    0,
                                    "LISTEN 0 1 127.0.0.250:" + taken.getLocalPort()
                                            + " users:((\"java\",pid=77,fd=5))\n",
                                    "")
                            : new ExecResult(0, "", ""));
            PortInUseException e = assertThrows(
                    PortInUseException.class, () -> new DaemonController(n -> r, Duration.ofMillis(300)).launch(spec));
            assertTrue(e.getMessage().contains("127.0.0.250:" + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("pid=77"), e.getMessage());
            assertTrue(
                    r.commands.stream().allMatch(c -> c.startsWith("ss ")),
                    "nothing but the lookup ran: " + r.commands);
        }
    }

    @Test
    void stopSendsTermThenKillWhenTheDaemonIgnoresTerm() {
        boolean[] killed = {false};
        RecordingRemote r = new RecordingRemote("n1", c -> {
            if (c.equals("kill -KILL 4242")) {
                killed[0] = true;
            }
            boolean aliveCheck = c.startsWith("kill -0");
            return new ExecResult(aliveCheck && killed[0] ? 1 : 0, "", "");
        });
        new DaemonController(n -> r).stop(new RunningDaemon(SPEC, 4242, Instant.now()), Duration.ofMillis(300));
        assertTrue(r.commands.contains("kill -TERM 4242"), r.commands.toString());
        assertTrue(
                r.commands.indexOf("kill -TERM 4242") < r.commands.indexOf("kill -KILL 4242"), r.commands.toString());
        assertTrue(
                r.commands.stream().filter(c -> c.startsWith("kill -0")).count() >= 3,
                "alive was polled during the grace period: " + r.commands);
    }

    @Test
    void stopOfAGoneDaemonSendsNoSignal() {
        RecordingRemote r = new RecordingRemote("n1", c -> new ExecResult(1, "", ""));
        new DaemonController(n -> r).stop(new RunningDaemon(SPEC, 4242, Instant.now()), Duration.ofSeconds(5));
        assertEquals(1, r.commands.size(), r.commands.toString());
    }

    @Test
    void livenessNeedsThePidTheMarkerAndNoZombie() throws Exception {
        LocalRemote here = new LocalRemote("n1");
        DaemonController c = new DaemonController(n -> here);
        // a process carrying the marker is alive; one without it (a reused pid) is not
        Process marked = new ProcessBuilder("bash", "-c", "exec -a other-process sleep 30").start();
        Process withMarker = new ProcessBuilder("bash", "-c", "exec -a '" + SPEC.marker() + "' sleep 30").start();
        // a zombie: the child exits after its parent has exec'd into sleep, which never reaps it (a child that exits
        // while the shell still runs may be reaped by the shell itself)
        Process parent = new ProcessBuilder("sh", "-c", "sleep 1 & echo $!; exec sleep 30").start();
        try {
            long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream()))
                    .readLine()
                    .strip());
            ProbeResult z = Readiness.await(
                    "zombie",
                    Duration.ofSeconds(10),
                    () -> here.exec("cat /proc/" + zombie + "/stat", Duration.ofSeconds(5))
                                    .stdout()
                                    .contains(") Z ")
                            ? ProbeResult.ready("Z")
                            : ProbeResult.notReady("not yet"),
                    () -> false,
                    () -> {});
            assertTrue(z.ready());
            assertEquals(false, c.isAlive(new RunningDaemon(SPEC, zombie, Instant.now())), "a zombie is dead");
            assertEquals(true, c.isAlive(new RunningDaemon(SPEC, withMarker.pid(), Instant.now())));
            assertEquals(
                    false,
                    c.isAlive(new RunningDaemon(SPEC, marked.pid(), Instant.now())),
                    "no marker: another process");
            assertEquals(false, c.isAlive(new RunningDaemon(SPEC, 999_999_999L, Instant.now())));
            // a kernel thread (no command line, no executable) that took a stopped daemon's pid is not the daemon
            long kthread = kernelThread(here);
            assertEquals(false, c.isAlive(new RunningDaemon(SPEC, kthread, Instant.now())), "kernel thread " + kthread);
        } finally {
            marked.destroyForcibly();
            withMarker.destroyForcibly();
            parent.destroyForcibly();
        }
    }

    /** A kernel thread's pid on this machine (kthreadd's children); the test cannot run without one. */
    private static long kernelThread(LocalRemote here) {
        String out = here.exec("ps -eo pid=,ppid= | awk '$2 == 2 { print $1; exit }'", Duration.ofSeconds(10))
                .stdout()
                .strip();
        Assumptions.assumeFalse(out.isEmpty(), "no kernel threads visible here (a container's pid namespace)");
        return Long.parseLong(out);
    }
}
