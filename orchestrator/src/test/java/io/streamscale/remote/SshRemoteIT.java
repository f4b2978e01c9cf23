package io.streamscale.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.cluster.ClockOffsets;
import io.streamscale.cluster.ClusterState;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.StateDir;
import io.streamscale.cluster.Transport;
import io.streamscale.readiness.ZooKeeperRuokProbe;
import io.streamscale.service.ClusterSpec;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.KafkaMode;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceContext;
import io.streamscale.service.ZooKeeperService;
import io.streamscale.testing.Cli;
import io.streamscale.testing.Procs;
import io.streamscale.testing.TestCluster;
import io.streamscale.testing.TestHome;
import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import io.streamscale.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH Remote against real OpenSSH sshds on loopback aliases 127.0.1.11 and .12 (hosts "n1", "n2"). */
@Tag("integration")
class SshRemoteIT {
    static final Duration T = Duration.ofSeconds(30);
    static SshSettings settings;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSshd() throws Exception {
        Path config = TestCluster.up(2, false);
        settings = new SshSettings(config.toString(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (settings != null) {
            TestCluster.down();
        }
    }

    @Test
    void runsCommandsWithExitCodesStdoutAndStderr() {
        try (SshRemote n1 = new SshRemote("n1", settings)) {
            ExecResult r = n1.exec("echo out; echo err >&2; exit 3", T);
            assertEquals(new ExecResult(3, "out\n", "err\n"), r);
            // the same connection serves many commands; the address is the alias's, from the config's HostName
            assertEquals(
                    "127.0.1.11", n1.exec("echo $SSH_CONNECTION", T).stdout().split(" ")[2]);
            RemoteException e = assertThrows(RemoteException.class, () -> n1.run("ls /no/such/dir", T));
            assertTrue(e.getMessage().startsWith("on n1: `ls /no/such/dir` exited with 2: "), e.getMessage());
            assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
            assertEquals(2, e.exitCode());
        }
    }

    @Test
    void uploadsWritesAndDownloadsFiles() throws Exception {
        Path local = tmp.resolve("in.txt");
        Files.writeString(local, "payload " + UUID.randomUUID());
        String dir = "/tmp/streamscale-ssh-it/" + UUID.randomUUID();
        try (SshRemote n1 = new SshRemote("n1", settings)) {
            n1.upload(local, dir + "/sub/in.txt");
            assertEquals(
                    Files.readString(local),
                    n1.run("cat " + dir + "/sub/in.txt", T).stdout());
            n1.write(dir + "/w/written.txt", "hello".getBytes());
            n1.download(dir + "/w/written.txt", tmp.resolve("back/written.txt"));
            assertEquals("hello", Files.readString(tmp.resolve("back/written.txt")));
            n1.run("rm -rf " + dir, T);
        }
    }

    @Test
    void treesGoBothWaysAsOneTarStream() throws Exception {
        Path src = tmp.resolve("tree");
        Files.createDirectories(src.resolve("a/b"));
        byte[] big = new byte[3_000_000];
        new Random(7).nextBytes(big);
        Files.write(src.resolve("a/b/big.bin"), big);
        Files.writeString(src.resolve("top.txt"), "top");
        String dir = "/tmp/streamscale-ssh-it/" + UUID.randomUUID();
        try (SshRemote n1 = new SshRemote("n1", settings)) {
            n1.uploadTree(src, dir + "/up", T);
            assertEquals("top", n1.run("cat " + dir + "/up/top.txt", T).stdout());
            assertEquals(
                    "3000000",
                    n1.run("stat -c %s " + dir + "/up/a/b/big.bin", T).stdout().strip());
            n1.downloadTree(dir + "/up", tmp.resolve("back"), T);
            assertTrue(Arrays.equals(big, Files.readAllBytes(tmp.resolve("back/a/b/big.bin"))));
            RemoteException e =
                    assertThrows(RemoteException.class, () -> n1.downloadTree(dir + "/missing", tmp.resolve("x"), T));
            assertTrue(
                    e.getMessage().startsWith("on n1: `tar -cf - -C " + dir + "/missing .` exited with 2"),
                    e.getMessage());
            n1.run("rm -rf " + dir, T);
        }
    }

    @Test
    void aConversationAnswersLineByLineOverOneChannel() {
        try (SshRemote n1 = new SshRemote("n1", settings)) {
            try (Conversation c = n1.converse("echo $$ >&2; while IFS= read -r l; do echo \"$$ got $l\"; done")) {
                String first = c.ask("a");
                String pid = first.split(" ")[0];
                assertEquals(pid + " got a", first);
                assertEquals(pid + " got b", c.ask("b"), "the same process answers: no channel per request");
            }
            Conversation once = n1.converse("read -r l; echo once");
            assertEquals("once", once.ask("x"));
            RemoteException e = assertThrows(RemoteException.class, () -> once.ask("y"));
            assertTrue(e.getMessage().startsWith("on n1: "), e.getMessage());
            once.close();
        }
    }

    @Test
    void clockOffsetsOverSshAreMillisecondsEvenOnABusyMachine() throws Exception {
        // both cores kept busy while measuring: the kept exchange is the quickest, so the bound stays small
        // bounded in time: a burner must not outlive a test JVM that is killed before its finally runs
        List<Process> burners = List.of(
                new ProcessBuilder("timeout", "120", "sh", "-c", "while :; do :; done").start(),
                new ProcessBuilder("timeout", "120", "sh", "-c", "while :; do :; done").start());
        try (SshRemote n1 = new SshRemote("n1", settings);
                SshRemote n2 = new SshRemote("n2", settings)) {
            var offsets =
                    ClockOffsets.measure(List.of("n1", "n2"), h -> h.equals("n1") ? n1 : n2, ClockOffsets.Probe.SHELL);
            for (var e : offsets.entrySet()) {
                var o = e.getValue();
                assertTrue(o.boundMillis() > 0 && o.boundMillis() <= 5, e.getKey() + ": " + o);
                assertTrue(Math.abs(o.offsetMillis()) <= 5, "one machine, one clock: " + e.getKey() + ": " + o);
                assertTrue(Math.abs(o.offsetMillis()) <= o.boundMillis() + 0.01, e.getKey() + ": " + o);
                assertTrue(o.timeSync() != null, e.getKey() + ": " + o);
            }
        } finally {
            for (Process b : burners) { // SIGTERM: timeout passes it on to its loop (SIGKILL would orphan the loop)
                b.destroy();
                b.waitFor();
            }
        }
    }

    @Test
    void anUnknownHostKeyIsRejected() throws Exception {
        Path emptyKnownHosts = Files.createFile(tmp.resolve("known_hosts"));
        Path config = tmp.resolve("ssh_config");
        Files.writeString(
                config,
                Files.readString(Path.of(settings.configFile()))
                        .replaceAll("UserKnownHostsFile .*", "UserKnownHostsFile " + emptyKnownHosts));
        SshSettings strict = new SshSettings(config.toString(), Duration.ofSeconds(5)).withGlobalKnownHosts(List.of());
        try (SshRemote n1 = new SshRemote("n1", strict)) {
            RemoteException e = assertThrows(RemoteException.class, () -> n1.exec("true", T));
            assertTrue(
                    e.getMessage().contains("on n1")
                            && e.getMessage().toLowerCase().contains("hostkey"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("ssh-keyscan"), e.getMessage());
        }
        // the same key in the system-wide file (DAS-5 keeps node keys in /etc/ssh/ssh_known_hosts) is accepted
        Path system = tmp.resolve("ssh_known_hosts");
        Files.copy(TestCluster.STATE.resolve("known_hosts"), system);
        try (SshRemote n1 = new SshRemote("n1", strict.withGlobalKnownHosts(List.of(system)))) {
            assertEquals(0, n1.exec("true", T).exitCode());
        }
    }

    @Test
    void aPassphraseProtectedKeyIsUsedThroughSshAgentWhichIsNeverForwarded() throws Exception {
        Path encrypted = tmp.resolve("id_protected");
        Files.copy(TestCluster.STATE.resolve("client_ed25519"), encrypted);
        Files.setPosixFilePermissions(encrypted, PosixFilePermissions.fromString("rw-------"));
        exec("ssh-keygen", "-q", "-p", "-P", "", "-N", "a passphrase", "-f", encrypted.toString());
        Path config = tmp.resolve("ssh_config");
        Files.writeString(
                config,
                Files.readString(Path.of(settings.configFile()))
                        .replaceAll("IdentityFile .*", "IdentityFile " + encrypted + "\n  ForwardAgent yes"));
        SshSettings noAgent = new SshSettings(config.toString(), Duration.ofSeconds(5)).withAgent(null);
        try (SshRemote n1 = new SshRemote("n1", noAgent)) {
            RemoteException e = assertThrows(RemoteException.class, () -> n1.exec("true", T));
            assertTrue(
                    e.getMessage().contains("USERAUTH fail") && e.getMessage().contains("needs ssh-agent"),
                    e.getMessage());
            // the batch-job fix is named: no agent there
            assertTrue(
                    e.getMessage().contains(encrypted + " (passphrase)")
                            && e.getMessage().contains(SshRemote.KEY_FIX),
                    e.getMessage());
        }
        Path socket = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(socket) && System.nanoTime() < deadline) { // poll: the agent binds its socket
                Thread.sleep(20);
            }
            ProcessBuilder add = new ProcessBuilder(
                    "ssh-add", "-q", TestCluster.STATE.resolve("client_ed25519").toString());
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            assertEquals(0, add.redirectErrorStream(true).start().waitFor());
            try (SshRemote n1 = new SshRemote("n1", noAgent.withAgent(socket))) {
                ExecResult r = n1.exec("echo ${SSH_AUTH_SOCK:-not forwarded}", T);
                assertEquals(
                        new ExecResult(0, "not forwarded\n", ""), r, "ForwardAgent yes in the config is overruled");
            }
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    @Test
    void startsProbesAndStopsARealZooKeeperOnTheHost() throws Exception {
        Node n1 = new Node("n1", "127.0.1.11", Set.of(Role.ZOOKEEPER, Role.KAFKA));
        String root = "/tmp/streamscale-ssh-it/" + UUID.randomUUID().toString().substring(0, 8);
        Transport transport = Transport.ssh(settings, root);
        ClusterSpec spec = new ClusterSpec(
                1,
                1,
                1,
                KafkaMode.ZOOKEEPER,
                1,
                "1g",
                ClusterSpec.Heaps.defaults(),
                ClusterSpec.Ports.defaults(),
                "unused");
        ServiceContext ctx = new ServiceContext(
                "sshit",
                spec,
                new Topology(List.of(n1)),
                TestHome.runtime(),
                TestHome.templates(),
                n -> root + "/" + n.name());
        DaemonSpec zk = ZooKeeperService.specs(ctx).get(0);
        try (Remotes remotes = new Remotes(transport)) {
            DaemonController c = new DaemonController(remotes);
            RunningDaemon d = c.launch(zk);
            try {
                c.awaitReady(d, Duration.ofSeconds(60), () -> false);
                assertTrue(c.isAlive(d));
                assertTrue(
                        new ZooKeeperRuokProbe("127.0.1.11", 2181).check(null).ready(), "imok from this machine");
                assertEquals(
                        String.valueOf(d.pid()),
                        remotes.apply("n1")
                                .run("cat " + zk.pidFile(), T)
                                .stdout()
                                .strip());
                assertTrue(remotes.apply("n1")
                        .run("cat " + zk.confDir() + "/zoo.cfg", T)
                        .stdout()
                        .contains("clientPortAddress=127.0.1.11"));
            } finally {
                c.stop(d, Duration.ofSeconds(20));
            }
            assertFalse(c.isAlive(d));
            assertFalse(Procs.running(d.pid()), "the process is gone (same machine, checked through /proc)");
            assertFalse(Procs.listening(zk.endpoints().get(0)), "port 2181 on 127.0.1.11 is closed");
            c.fetchLog(d, tmp.resolve("zk.log"));
            assertTrue(
                    Files.readString(tmp.resolve("zk.log")).contains("binding to port"), "the log came back over SFTP");
            c.clean(zk);
            assertEquals(
                    1, remotes.apply("n1").exec("test -d " + zk.dataDir(), T).exitCode(), "data removed");
            remotes.apply("n1").run("rm -rf " + root, T);
        }
    }

    @Test
    void upStatusDownOverSshOnTwoHosts() throws Exception {
        Path state = tmp.resolve("ssh-cluster");
        String scratch =
                "/tmp/streamscale-ssh-it/" + UUID.randomUUID().toString().substring(0, 8);
        Cli.Result up = Cli.run(
                "up",
                "--kafka",
                "1",
                "--spark",
                "1",
                "--hosts",
                "n1,n2",
                "--ssh-config",
                settings.configFile(),
                "--scratch",
                scratch,
                "--state",
                state.toString());
        ClusterState s = new StateDir(state).load().orElseThrow();
        try {
            assertEquals(0, up.exit(), up.err());
            assertTrue(up.out().contains("127.0.1.11:9092"), up.out());
            assertTrue(up.out().contains("spark://127.0.1.12:7077"), up.out());
            assertEquals("ssh", s.transport().kind());
            for (RunningDaemon d : s.daemons()) {
                assertTrue(
                        d.spec().workDir().startsWith(scratch + "/"),
                        "node-local scratch: " + d.spec().workDir());
                assertTrue(d.spec().endpoints().stream()
                        .allMatch(e -> e.address().equals(d.spec().address())));
            }
            assertEquals(0, Cli.run("status", "--state", state.toString()).exit());
        } finally {
            Cli.Result down = Cli.run("down", "--state", state.toString());
            assertEquals(0, down.exit(), down.out() + down.err());
        }
        for (RunningDaemon d : s.daemons()) {
            assertFalse(Procs.running(d.pid()), d.label());
            assertTrue(
                    Files.size(state.resolve(
                                    "logs/" + d.spec().node() + "-" + d.spec().id() + ".log"))
                            > 0,
                    "log fetched over SFTP: " + d.label());
        }
        try (SshRemote n1 = new SshRemote("n1", settings)) {
            n1.run("rm -rf " + scratch, T);
        }
    }
}
