package io.streamscale.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.Transport;
import io.streamscale.readiness.KafkaBrokersProbe;
import io.streamscale.readiness.SparkWorkerProbe;
import io.streamscale.testing.TestHome;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Role;
import io.streamscale.topology.Topology;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The rendered configs of a 3x3 cluster: ids, addresses and cross-references. */
class ServiceSpecsTest {

    static Deployment plan(int kafka, int spark, int zk, KafkaMode mode) {
        Topology t = Layout.assign(Layout.localHosts(kafka + spark), kafka, spark, zk);
        ClusterSpec spec = new ClusterSpec(
                kafka,
                spark,
                zk,
                mode,
                2,
                "2g",
                ClusterSpec.Heaps.defaults(),
                ClusterSpec.Ports.defaults(),
                "AAAAAAAAAAAAAAAAAAAAAA");
        return Deployment.plan("c1", spec, t, Transport.local("/scratch"), TestHome.runtime(), TestHome.templates());
    }

    static Properties props(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    static List<DaemonSpec> of(Deployment d, ServiceKind kind) {
        return d.daemons().stream().filter(s -> s.kind() == kind).toList();
    }

    @Test
    void threeNodeEnsembleHasMyidsAndTheFullServerList() throws Exception {
        List<DaemonSpec> zks = of(plan(3, 3, 3, KafkaMode.ZOOKEEPER), ServiceKind.ZOOKEEPER);
        assertEquals(
                List.of("n1", "n2", "n3"), zks.stream().map(DaemonSpec::node).toList());
        for (int i = 0; i < 3; i++) {
            DaemonSpec zk = zks.get(i);
            assertEquals((i + 1) + "\n", zk.files().get("data/myid"));
            Properties cfg = props(zk.files().get("conf/zoo.cfg"));
            assertEquals("127.0.0." + (11 + i), cfg.getProperty("clientPortAddress"));
            assertEquals("/scratch/n" + (i + 1) + "/zookeeper-" + (i + 1) + "/data", cfg.getProperty("dataDir"));
            for (int s = 1; s <= 3; s++) {
                assertEquals("127.0.0." + (10 + s) + ":2888:3888", cfg.getProperty("server." + s));
            }
            assertEquals(3, zk.endpoints().size(), "client, peer and election ports are checked before start");
        }
    }

    @Test
    void threeBrokersHaveIdsZeroToTwoOnTheirOwnAddresses() throws Exception {
        List<DaemonSpec> brokers = of(plan(3, 3, 3, KafkaMode.ZOOKEEPER), ServiceKind.KAFKA);
        for (int i = 0; i < 3; i++) {
            DaemonSpec b = brokers.get(i);
            Properties p = props(b.files().get("conf/server.properties"));
            String addr = "127.0.0." + (11 + i);
            assertEquals(String.valueOf(i), p.getProperty("broker.id"));
            assertEquals(addr, b.address());
            assertEquals("PLAINTEXT://" + addr + ":9092", p.getProperty("listeners"));
            assertEquals("PLAINTEXT://" + addr + ":9092", p.getProperty("advertised.listeners"));
            assertEquals(
                    "127.0.0.11:2181,127.0.0.12:2181,127.0.0.13:2181/streamscale-c1",
                    p.getProperty("zookeeper.connect"));
            assertEquals("3", p.getProperty("offsets.topic.replication.factor"));
            assertEquals(
                    "18000",
                    p.getProperty("zookeeper.session.timeout.ms"),
                    "Kafka's default unless kafka.sessionTimeout says");
            assertEquals(new KafkaBrokersProbe(addr + ":9092", List.of(0, 1, 2)), b.probe());
            assertTrue(b.command().contains("kafka.Kafka"));
            assertTrue(b.command().contains("-D" + "streamscale.daemon=c1/n" + (i + 1) + "/kafka-" + i));
        }
    }

    @Test
    void kraftMakesTheFirstThreeControllersAndFormatsStorage() throws Exception {
        List<DaemonSpec> brokers = of(plan(4, 1, 0, KafkaMode.KRAFT), ServiceKind.KAFKA);
        String voters = "0@127.0.0.11:9093,1@127.0.0.12:9093,2@127.0.0.13:9093";
        for (int i = 0; i < 4; i++) {
            Properties p = props(brokers.get(i).files().get("conf/server.properties"));
            assertEquals(String.valueOf(i), p.getProperty("node.id"));
            assertEquals(voters, p.getProperty("controller.quorum.voters"));
            assertEquals(i < 3 ? "broker,controller" : "broker", p.getProperty("process.roles"));
            assertEquals("18000", p.getProperty("broker.session.timeout.ms"));
            assertEquals("2000", p.getProperty("broker.heartbeat.interval.ms"));
            List<String> format = brokers.get(i).preStart().get(0);
            assertTrue(format.containsAll(List.of("format", "-t", "AAAAAAAAAAAAAAAAAAAAAA")), format.toString());
        }
        assertTrue(of(plan(4, 1, 0, KafkaMode.KRAFT), ServiceKind.ZOOKEEPER).isEmpty());
    }

    @Test
    void workersPointAtTheMasterAndRunOnTheirOwnAddresses() {
        Deployment d = plan(3, 3, 1, KafkaMode.ZOOKEEPER);
        DaemonSpec master = of(d, ServiceKind.SPARK_MASTER).get(0);
        assertEquals("n4", master.node());
        List<DaemonSpec> workers = of(d, ServiceKind.SPARK_WORKER);
        assertEquals(
                List.of("n4", "n5", "n6"),
                workers.stream().map(DaemonSpec::node).toList());
        for (DaemonSpec w : workers) {
            assertEquals("spark://127.0.0.14:7077", w.command().get(w.command().indexOf("--properties-file") - 1));
            assertEquals(w.address(), w.env().get("SPARK_LOCAL_IP"));
            assertEquals("2.13", w.env().get("SPARK_SCALA_VERSION"));
            assertEquals(new SparkWorkerProbe("http://127.0.0.14:8080/json/", w.address()), w.probe());
        }
    }

    @Test
    void chainsStartKafkaAndSparkSideBySide() {
        Deployment d = plan(2, 2, 1, KafkaMode.ZOOKEEPER);
        assertEquals(2, d.chains().size());
        assertEquals(
                List.of(ServiceKind.ZOOKEEPER),
                d.chains().get(0).tiers().get(0).stream().map(DaemonSpec::kind).toList());
        assertEquals(
                List.of(ServiceKind.SPARK_MASTER),
                d.chains().get(1).tiers().get(0).stream().map(DaemonSpec::kind).toList());
        assertEquals(6, d.daemons().size(), "1 zookeeper + 2 brokers + master + 2 workers");
    }

    static String scorerCommand(boolean realtime) {
        return scorerCommand(realtime, 0);
    }

    static String scorerCommand(boolean realtime, int parallelism) {
        Deployment d = plan(1, 2, 1, KafkaMode.ZOOKEEPER);
        JobSpecs.ScorerOptions o = new JobSpecs.ScorerOptions(
                "requests",
                "/m",
                "/out",
                "/cp",
                "/p.jsonl",
                "/c.jsonl",
                null,
                "broadcast",
                realtime,
                0,
                7000,
                null,
                "1g",
                "1g",
                0,
                Duration.ofSeconds(30),
                1000,
                parallelism);
        return String.join(" ", JobSpecs.scorer(d.context(), o).command());
    }

    @Test
    void theScorerSplitsMicroBatchesOverAllCoresButRunsRealTimeOneTaskPerPartition() {
        String micro = scorerCommand(false);
        assertTrue(micro.contains("--trigger-ms 0 --min-partitions 4"), micro); // 2 workers x 2 cores
        assertTrue(micro.contains("spark.sql.shuffle.partitions=4"), micro);
        String given = scorerCommand(false, 64); // spark.parallelism
        assertTrue(given.contains("--min-partitions 64") && given.contains("spark.sql.shuffle.partitions=64"), given);
        assertTrue(given.contains("spark.cores.max=4"), "the cores stay the cluster's: " + given);
        assertTrue(!micro.contains("--processing") && !micro.contains("--checkpoint-interval-ms"), micro);
        String realtime = scorerCommand(true);
        assertTrue(realtime.contains("--processing realtime --checkpoint-interval-ms 7000"), realtime);
        assertTrue(!realtime.contains("--min-partitions") && !realtime.contains("--trigger-ms"), realtime);
        assertTrue(realtime.contains("spark.cores.max=4"), realtime);
    }

    @Test
    void theKafkaSinkNamesItsTopicAndItsReaderRunsOnTheFirstGeneratorNode() {
        Topology t = Layout.assign(Layout.localHosts(5), 1, 2, 1, 2, false);
        Deployment d = Deployment.plan(
                "c1",
                new ClusterSpec(
                        1,
                        2,
                        1,
                        KafkaMode.ZOOKEEPER,
                        2,
                        "2g",
                        ClusterSpec.Heaps.defaults(),
                        ClusterSpec.Ports.defaults(),
                        "AAAAAAAAAAAAAAAAAAAAAA"),
                t,
                Transport.local("/scratch"),
                TestHome.runtime(),
                TestHome.templates());
        JobSpecs.ScorerOptions o = new JobSpecs.ScorerOptions(
                "requests",
                "/m",
                "/out",
                "/cp",
                "/p.jsonl",
                "/c.jsonl",
                "requests-scored",
                "broadcast",
                true,
                0,
                7000,
                null,
                "1g",
                "1g",
                0,
                Duration.ofSeconds(30),
                1000,
                0);
        String scorer = String.join(" ", JobSpecs.scorer(d.context(), o).command());
        assertTrue(scorer.contains("--sink kafka --output-topic requests-scored"), scorer);
        assertTrue(scorer.contains("--commits /c.jsonl"), scorer);
        assertFalse(scorerCommand(true).contains("--sink"), "the Parquet sink is the scorer's default");
        DaemonSpec reader = JobSpecs.delivery(d.context(), "requests-scored", "/out", Duration.ofSeconds(30));
        String gen = d.context().topology().with(Role.GENERATOR).get(0).name();
        assertEquals(gen, reader.node());
        String cmd = String.join(" ", reader.command());
        assertTrue(
                cmd.contains(JobSpecs.DELIVERY_MAIN + " --bootstrap ")
                        && cmd.contains("--topic requests-scored --output /out --node " + gen),
                cmd);
    }

    @Test
    void sparkApplicationsKeepTheirTemporaryFilesInTheirDataDirectory() {
        Deployment d = plan(1, 1, 1, KafkaMode.ZOOKEEPER);
        JobSpecs.ScorerOptions o = new JobSpecs.ScorerOptions(
                "requests",
                "/m",
                "/out",
                "/cp",
                "/p.jsonl",
                "/c.jsonl",
                null,
                "broadcast",
                false,
                0,
                7000,
                null,
                "1g",
                "1g",
                0,
                Duration.ofSeconds(30),
                1000,
                0);
        DaemonSpec scorer = JobSpecs.scorer(d.context(), o);
        assertTrue(
                scorer.command().contains("-Djava.io.tmpdir=" + scorer.dataDir()), String.join(" ", scorer.command()));
        DaemonSpec trainer = JobSpecs.oneOffJob(
                d.context().runtime(),
                "",
                d.context().topology().nodes().get(0),
                "trainer",
                "/w/t",
                "Main",
                List.of(),
                "m");
        assertTrue(trainer.command().contains("-Djava.io.tmpdir=/w/t/data"), String.join(" ", trainer.command()));
        assertEquals("/w/t/data", trainer.dataDir(), "a directory the launcher makes");
    }
}
