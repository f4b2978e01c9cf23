package io.streamscale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import io.streamscale.fault.Isolation;
import io.streamscale.fault.TrafficCut;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.LocalRemote;
import io.streamscale.run.KafkaAccess;
import io.streamscale.run.TopicAdmin;
import io.streamscale.service.Endpoint;
import io.streamscale.service.RunningDaemon;
import io.streamscale.testing.Cli;
import io.streamscale.testing.OrchestratorProcess;
import io.streamscale.testing.Procs;
import io.streamscale.testing.TestHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `up`, `status` and `down` with real ZooKeeper, Kafka and Spark daemons on loopback aliases. */
@Tag("integration")
class LocalClusterIT {
    @TempDir
    Path tmp;

    @Test
    void zookeeperMode2x2ServesATopicAndLeavesNothingBehind() throws Exception {
        Path state = tmp.resolve("state");
        Cli.Result up = Cli.run("up", "--kafka", "2", "--spark", "2", "--state", state.toString());
        ClusterState s = new StateDir(state).load().orElseThrow();
        try {
            assertEquals(0, up.exit(), up.err());
            assertTrue(up.out().contains("127.0.0.11:9092,127.0.0.12:9092"), up.out());
            assertTrue(up.out().contains("spark://127.0.0.13:7077"), up.out());
            assertEquals(6, s.daemons().size());

            try (Admin admin =
                    Admin.create(Map.of("bootstrap.servers", s.endpoints().bootstrapServers()))) {
                Set<String> hosts = new TreeSet<>();
                for (Node n : admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)) {
                    hosts.add(n.host() + ":" + n.port() + "#" + n.id());
                }
                assertEquals(Set.of("127.0.0.11:9092#0", "127.0.0.12:9092#1"), hosts);
                TopicAdmin.createAndAwait(
                        KafkaAccess.open(
                                List.of(s.endpoints().bootstrapServers().split(","))),
                        new TopicAdmin.TopicSpec("it-topic", 2, 2, null),
                        Duration.ofSeconds(60),
                        () -> false);
                TopicDescription d = admin.describeTopics(List.of("it-topic"))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get("it-topic");
                assertEquals(2, d.partitions().size());
                d.partitions()
                        .forEach(p -> assertEquals(2, p.replicas().size(), "replicas of partition " + p.partition()));
            }
            Set<String> sent = new HashSet<>();
            try (KafkaProducer<String, String> p = new KafkaProducer<>(
                    Map.of("bootstrap.servers", s.endpoints().bootstrapServers(), "acks", "all"),
                    new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 200; i++) {
                    sent.add("m" + i);
                    p.send(new ProducerRecord<>("it-topic", "k" + i, "m" + i)).get(30, TimeUnit.SECONDS);
                }
            }
            Set<String> received = new HashSet<>();
            Set<Integer> partitions = new HashSet<>();
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(
                    Map.of("bootstrap.servers", s.endpoints().bootstrapServers()),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                List<TopicPartition> tps =
                        List.of(new TopicPartition("it-topic", 0), new TopicPartition("it-topic", 1));
                c.assign(tps);
                c.seekToBeginning(tps);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received.size() < sent.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                        received.add(r.value());
                        partitions.add(r.partition());
                    }
                }
            }
            assertEquals(sent, received);
            assertEquals(Set.of(0, 1), partitions, "both partitions carried messages");

            JsonNode master = Json.MAPPER.readTree(HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(s.endpoints().sparkMasterWebUi() + "/json/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertEquals("ALIVE", master.path("status").asText());
            Set<String> alive = new TreeSet<>();
            master.path("workers").forEach(w -> {
                if ("ALIVE".equals(w.path("state").asText())) {
                    alive.add(w.path("host").asText());
                }
            });
            assertEquals(Set.of("127.0.0.13", "127.0.0.14"), alive);

            Cli.Result status = Cli.run("status", "--state", state.toString());
            assertEquals(0, status.exit(), status.out());
            assertTrue(status.out().contains("all 6 daemons ready"), status.out());

            assertSparkIsLockedToTheCluster(s, state);
        } finally {
            Cli.Result down = Cli.run("down", "--state", state.toString());
            assertEquals(0, down.exit(), down.err());
        }
        assertNothingLeft(s);
        assertEquals(1, Cli.run("status", "--state", state.toString()).exit(), "status after down is not ready");
        assertTrue(Files.size(state.resolve("logs/n1-kafka-0.log")) > 0, "logs are kept");
        assertTrue(Files.readString(state.resolve("configs/n2/kafka-1/server.properties"))
                .contains("broker.id=1"));
    }

    /**
     * The secret is a mode-0600 file on each Spark node that no recorded config or state carries, and an application
     * that does not know it is refused by the master.
     */
    private void assertSparkIsLockedToTheCluster(ClusterState s, Path state) throws Exception {
        RunningDaemon master = s.daemons().stream()
                .filter(d -> d.spec().id().equals("spark-master"))
                .findFirst()
                .orElseThrow();
        Path secretFile = Path.of(master.spec().workDir()).getParent().resolve("spark.secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
        assertEquals(
                "rwx------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(secretFile.getParent().getParent())),
                "the nodes' root is the user's alone");
        String secret = Files.readString(secretFile).strip();
        assertEquals(64, secret.length(), "256 random bits");
        assertTrue(
                Files.readString(state.resolve("configs/n3/spark-master/spark-defaults.conf"))
                        .contains("spark.authenticate               true"),
                "authentication on");
        try (var recorded = Files.walk(state)) {
            for (Path f : recorded.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(state.resolve("nodes")))
                    .toList()) {
                assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(secret), f + " holds the secret");
            }
        }
        Path out = tmp.resolve("intruder");
        Process intruder = new ProcessBuilder(
                        TestHome.runtime().java(),
                        "-cp",
                        TestHome.runtime().jobsClasspath(),
                        "io.streamscale.jobs.scorer.ScorerMain",
                        "--master",
                        s.endpoints().sparkMasterUrl(),
                        "--bootstrap",
                        s.endpoints().bootstrapServers(),
                        "--topic",
                        "it-topic",
                        "--model",
                        out.resolve("model").toString(),
                        "--output",
                        out.resolve("o").toString(),
                        "--checkpoint",
                        out.resolve("c").toString(),
                        "--progress",
                        out.resolve("p.jsonl").toString(),
                        "--conf",
                        "spark.driver.host=127.0.0.1",
                        "--conf",
                        "spark.driver.bindAddress=127.0.0.1",
                        "--conf",
                        "spark.ui.enabled=false")
                .redirectErrorStream(true)
                .redirectOutput(out.resolveSibling("intruder.log").toFile())
                .start();
        try {
            Path log = Path.of(master.spec().logFile());
            ProbeResult refused = Readiness.await(
                    "the master refusing the intruder",
                    Duration.ofSeconds(90),
                    () -> {
                        try {
                            return Files.readString(log).contains("Expected SaslMessage")
                                    ? ProbeResult.ready("refused")
                                    : ProbeResult.notReady("not yet");
                        } catch (IOException e) {
                            return ProbeResult.notReady(e.toString());
                        }
                    },
                    () -> false,
                    () -> {});
            assertTrue(
                    refused.ready(),
                    "master log: " + Files.readString(log) + "\nintruder: "
                            + Files.readString(out.resolveSibling("intruder.log")));
            JsonNode json = Json.MAPPER.readTree(HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(s.endpoints().sparkMasterWebUi() + "/json/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertEquals(0, json.path("activeapps").size(), "no application registered: " + json);
        } finally {
            intruder.destroyForcibly().waitFor();
        }
    }

    @Test
    void kraftWithOneBroker() throws Exception {
        Path state = tmp.resolve("kraft");
        Cli.Result up =
                Cli.run("up", "--kafka", "1", "--spark", "1", "--kafka-mode", "kraft", "--state", state.toString());
        ClusterState s = new StateDir(state).load().orElseThrow();
        try {
            assertEquals(0, up.exit(), up.err());
            assertTrue(
                    s.daemons().stream().noneMatch(d -> d.spec().id().startsWith("zookeeper")),
                    "no ZooKeeper in KRaft mode");
            try (Admin admin =
                    Admin.create(Map.of("bootstrap.servers", s.endpoints().bootstrapServers()))) {
                assertEquals(
                        1,
                        admin.describeCluster()
                                .nodes()
                                .get(30, TimeUnit.SECONDS)
                                .size());
                admin.createTopics(List.of(new NewTopic("k", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("k"));
            }
            assertEquals(0, Cli.run("status", "--state", state.toString()).exit());
            leftMidFault(s);
        } finally {
            Cli.Result down = Cli.run("down", "--state", state.toString());
            assertEquals(0, down.exit(), down.err());
        }
        assertNothingLeft(s);
        if (iptablesHere()) {
            assertEquals(
                    "-N STREAMSCALE_FAULT",
                    HERE.run("iptables -w -S STREAMSCALE_FAULT", Duration.ofSeconds(30))
                            .stdout()
                            .strip(),
                    "down removed the partition's rules");
        }
    }

    private static final LocalRemote HERE = new LocalRemote("test");

    private static boolean iptablesHere() {
        return HERE.exec("[ \"$(id -u)\" = 0 ] && iptables -w -L -n >/dev/null 2>&1", Duration.ofSeconds(30))
                .ok();
    }

    /**
     * What an orchestrator killed in the middle of a pause and a partition leaves: the broker SIGSTOPped and, where
     * iptables can be used, its ports cut. `down` must clear both and still stop everything.
     */
    private static void leftMidFault(ClusterState s) throws Exception {
        RunningDaemon broker = s.daemons().stream()
                .filter(d -> d.spec().id().equals("kafka-0"))
                .findFirst()
                .orElseThrow();
        if (iptablesHere()) {
            TrafficCut.apply(HERE, broker, Isolation.none("local mode"), true);
            assertTrue(HERE.run("iptables -w -S STREAMSCALE_FAULT", Duration.ofSeconds(30))
                    .stdout()
                    .contains("-j DROP"));
        }
        HERE.run("kill -STOP " + broker.pid(), Duration.ofSeconds(30));
        assertEquals(
                "T",
                HERE.run("sed 's/.*) //' /proc/" + broker.pid() + "/stat | cut -c1", Duration.ofSeconds(30))
                        .stdout()
                        .strip(),
                "stopped");
    }

    @Test
    void aTakenPortIsReportedAndNothingIsLeftRunning() throws Exception {
        Path state = tmp.resolve("taken");
        try (ServerSocket squatter = new ServerSocket(2181, 1, InetAddress.getByName("127.0.0.11"))) {
            Cli.Result up = Cli.run("up", "--kafka", "1", "--spark", "1", "--state", state.toString());
            assertEquals(1, up.exit(), up.out());
            assertTrue(up.err().contains("127.0.0.11:2181 (zookeeper client) is already in use on n1"), up.err());
            assertTrue(up.err().contains("pid=" + ProcessHandle.current().pid()), "names the holder: " + up.err());
        }
        ClusterState s = new StateDir(state).load().orElseThrow();
        assertTrue(
                s.daemons().stream().noneMatch(d -> d.spec().id().startsWith("zookeeper")), "ZooKeeper never started");
        assertNothingLeft(s);
    }

    @Test
    void ctrlCDuringUpTearsDownWhatHadStarted() throws Exception {
        Path state = tmp.resolve("interrupted");
        Path home = TestHome.path();
        ProcessBuilder pb = OrchestratorProcess.of("up", "--kafka", "1", "--spark", "1", "--state", state.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("up.out").toFile());
        Process up = pb.start();
        StateDir dir = new StateDir(state);
        // interrupt once at least two daemons are launched, before the cluster is up
        ProbeResult launched = Readiness.await(
                "two launches",
                Duration.ofSeconds(60),
                () -> {
                    try {
                        int n = dir.load().map(st -> st.daemons().size()).orElse(0);
                        return n >= 2 ? ProbeResult.ready(n + " launched") : ProbeResult.notReady(n + " launched");
                    } catch (RuntimeException halfWritten) {
                        return ProbeResult.notReady(halfWritten.getMessage());
                    }
                },
                () -> false,
                () -> {});
        assertTrue(launched.ready(), launched.detail());
        new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor();
        assertTrue(up.waitFor(90, TimeUnit.SECONDS), "up exits after Ctrl-C");
        String out = Files.readString(tmp.resolve("up.out"));
        assertNotEquals(0, up.exitValue(), out);
        ClusterState s = dir.load().orElseThrow();
        assertFalse(s.daemons().isEmpty());
        assertNothingLeft(s);
        assertTrue(out.contains("cancelled"), out);
    }

    static void assertNothingLeft(ClusterState s) {
        List<String> left = new ArrayList<>();
        for (RunningDaemon d : s.daemons()) {
            if (Procs.running(d.pid())) {
                left.add(d.label());
            }
            for (Endpoint e : d.spec().endpoints()) {
                if (Procs.listening(e)) {
                    left.add(e + " listening");
                }
            }
        }
        assertEquals(List.of(), left, "left behind");
    }
}
