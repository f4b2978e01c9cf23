package io.streamscale.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamscale.cluster.ClusterState;
import io.streamscale.cluster.StateDir;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.SshRemote;
import io.streamscale.remote.SshSettings;
import io.streamscale.service.RunningDaemon;
import io.streamscale.testing.Cli;
import io.streamscale.testing.TestCluster;
import io.streamscale.topology.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition that partitions, with real daemons on emulated nodes (one sshd each, dev/test-cluster-up.sh): the node of
 * a topic's leader is cut off from the other nodes, its ZooKeeper session expires on their side and leadership moves
 * away; healed, the broker rejoins the ISR. The emulated nodes share one kernel, so the node's processes are told
 * apart by their net_cls class (the test cluster starts each node's sshd in a class of its own).
 */
@Tag("integration")
class PartitionIT {
    static Path sshConfig;

    @TempDir
    Path tmp;

    @BeforeAll
    static void cluster() throws Exception {
        sshConfig = TestCluster.up(4, false);
    }

    @AfterAll
    static void down() throws Exception {
        if (sshConfig != null) {
            TestCluster.down();
        }
    }

    @Test
    void aLeadersNodeCutOffFromItsPeersLosesLeadershipAndItsBrokerRejoinsTheIsrWhenHealed() throws Exception {
        assumeTrue(
                Files.readString(Path.of("/proc/mounts"))
                        .lines()
                        .anyMatch(l -> l.contains(" cgroup ") && l.contains("net_cls")),
                "skipped: no net_cls hierarchy, so emulated nodes cannot be told apart on one kernel");
        Path state = tmp.resolve("state");
        Cli.Result up = Cli.run(
                "up",
                "--hosts",
                "n1,n2,n3,n4",
                "--ssh-config",
                sshConfig.toString(),
                "--scratch",
                tmp.resolve("scratch").toString(),
                "--kafka",
                "3",
                "--spark",
                "1",
                "--zookeeper",
                "3",
                "--state",
                state.toString());
        assertEquals(0, up.exit(), up.out() + up.err());
        ClusterState s = new StateDir(state).load().orElseThrow();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.endpoints().bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 6000);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic("cut", 1, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            await(
                    "3 replicas in sync",
                    Duration.ofSeconds(60),
                    admin,
                    d -> d.isr().size() == 3 && d.leader() != null);
            int leader = partition(admin).leader().id();
            RunningDaemon broker = s.daemons().stream()
                    .filter(d -> d.spec().id().equals("kafka-" + leader))
                    .findFirst()
                    .orElseThrow();
            String nodeName = broker.spec().node();
            Node node = s.topology().node(nodeName);
            List<String> peers = s.topology().nodes().stream()
                    .filter(n -> !n.name().equals(nodeName))
                    .map(Node::address)
                    .toList();
            try (SshRemote remote =
                    new SshRemote(nodeName, new SshSettings(sshConfig.toString(), Duration.ofSeconds(10)))) {
                Isolation isolation = TrafficCut.isolation(remote, broker, node.address(), peers);
                assertTrue(
                        isolation
                                .how()
                                .startsWith("node " + node.address()
                                        + " isolated from the other nodes (its processes by net_cls class 0x10000"),
                        isolation.how());
                TrafficCut.apply(remote, broker, isolation, true);
                long cutAt = System.nanoTime();
                try {
                    TrafficCut.confirm(broker, true, Duration.ofSeconds(10));
                    TopicPartitionInfo moved = await(
                            "leadership away from kafka-" + leader,
                            Duration.ofSeconds(90),
                            admin,
                            d -> d.leader() != null
                                    && d.leader().id() != leader
                                    && d.isr().stream().noneMatch(r -> r.id() == leader));
                    assertTrue(moved.isr().size() == 2, "the other two stay in sync: " + moved);
                    System.out.printf(
                            "partition: leadership of kafka-%d moved %.1f s after its node was cut off: %s%n",
                            leader, (System.nanoTime() - cutAt) / 1e9, moved);
                    assertTrue(
                            remote.exec("pgrep -f 'streamscale.daemon=.*/kafka-" + leader + "'", Duration.ofSeconds(10))
                                    .ok(),
                            "the broker runs on; only its network is gone");
                } finally {
                    TrafficCut.apply(remote, broker, isolation, false);
                }
                TrafficCut.confirm(broker, false, Duration.ofSeconds(30));
                long healedAt = System.nanoTime();
                TopicPartitionInfo back = await(
                        "kafka-" + leader + " back in the ISR",
                        Duration.ofSeconds(120),
                        admin,
                        d -> d.isr().stream().anyMatch(r -> r.id() == leader)
                                && d.isr().size() == 3);
                System.out.printf(
                        "partition: kafka-%d back in the ISR %.1f s after the heal: %s%n",
                        leader, (System.nanoTime() - healedAt) / 1e9, back);
                assertEquals(
                        "",
                        remote.exec(
                                        "iptables -w -S " + TrafficCut.CHAIN + " | grep -v '^-N' || true",
                                        Duration.ofSeconds(10))
                                .stdout()
                                .strip(),
                        "no rule left");
            }
        } finally {
            Cli.Result down = Cli.run("down", "--state", state.toString());
            assertEquals(0, down.exit(), down.out() + down.err());
        }
    }

    private static TopicPartitionInfo partition(Admin admin) throws Exception {
        TopicDescription d = admin.describeTopics(List.of("cut"))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get("cut");
        return d.partitions().get(0);
    }

    private static TopicPartitionInfo await(
            String what, Duration deadline, Admin admin, Predicate<TopicPartitionInfo> done) {
        TopicPartitionInfo[] last = new TopicPartitionInfo[1];
        ProbeResult r = Readiness.await(
                what,
                deadline,
                () -> {
                    try {
                        last[0] = partition(admin);
                        return done.test(last[0])
                                ? ProbeResult.ready(String.valueOf(last[0]))
                                : ProbeResult.notReady(String.valueOf(last[0]));
                    } catch (Exception e) {
                        return ProbeResult.notReady(e.getMessage());
                    }
                },
                () -> false,
                () -> {});
        assertTrue(r.ready(), what + ": " + r.detail());
        return last[0];
    }
}
