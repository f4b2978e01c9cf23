package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.testing.Cli;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `plan` explains a manifest; `plan --render` writes every config and command line of a 3x3 cell and starts nothing. */
class PlanRenderTest {
    @TempDir
    Path tmp;

    Path manifest() throws Exception {
        return Files.writeString(tmp.resolve("m.yaml"), """
                defaults:
                  duration: 5m
                  warmup: 1m
                  repetitions: 2
                experiments:
                  big:
                    nodes: [3, 3]
                    load: 20M/10m
                    kafka: {zookeeperNodes: 3, replicationFactor: 3}
                    scheduler: {backend: slurm}
                """);
    }

    static Properties props(Path p) throws Exception {
        Properties out = new Properties();
        out.load(new StringReader(Files.readString(p)));
        return out;
    }

    @Test
    void planCountsRunsNodeHoursAndWalltime() throws Exception {
        Cli.Result r = Cli.run("plan", manifest().toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("1 experiment(s), 2 run(s)"), r.out());
        // 2 runs x (1 + 5 min + 1 min 41 s of phases over SSH on 7 nodes) + 1 min 30 s training the model once =
        // 16 min 53 s (rounded down); 7 nodes x 16.9 min = 2.0 node-hours
        assertTrue(r.out().contains("total: 2 runs, 2.0 node-hours, walltime 16 min 53 s"), r.out());
        // the 1x1 figures and, for the 4 nodes beyond its 3, each phase's slope: cluster 9.9 s + 4 x 2.59 s
        assertTrue(
                r.out()
                        .contains(
                                "overhead per run, nodes over SSH, 7 nodes: placement 8.3 s, cluster 20.3 s, model 1.0 s,"
                                        + " topic 0.6 s, scorer 46.1 s, load 3.6 s, drain 2.4 s, teardown 13.6 s, summary 1.0 s,"
                                        + " other 5.0 s = 1 min 41 s; a run that trains its model waits 1 min 30 s more"),
                r.out());
        assertTrue(
                r.out().contains("(estimates from bench/scale.sh: 1x1, 2x2, 4x4 and 8x8 runs over SSH"),
                "says where they come from: " + r.out());
        assertTrue(
                r.out()
                        .contains(
                                "node1:kafka+zookeeper node2:kafka+zookeeper node3:kafka+zookeeper"
                                        + " node4:spark_master+spark_worker node5:spark_worker node6:spark_worker node7:generator"),
                r.out());
        assertTrue(r.out().contains("33333.3"), "20M per 10 minutes: " + r.out());
        // 11.75M messages a run (20M/10m for 6 min, the ramp's half): 11.75M x 45 B of Parquet + 4 MiB = 533 MB, 1.1 GB
        // for both runs; the input topic 11.75M x 110 B x RF 3 over 3 brokers = 1.3 GB on each broker node
        assertTrue(
                r.out()
                        .contains(
                                "big                    2 runs,    2.0 node-hours, walltime 16 min 53 s, results 1.1 GB"),
                r.out());
        assertTrue(
                r.out()
                        .contains(
                                "bytes: results 1.1 GB in all (the largest run 533 MB: its scored rows as Parquet, with logs and"
                                        + " checkpoint); Kafka's log on a broker node's scratch during a run: at most 1.3 GB"),
                r.out());
        assertFalse(r.out().contains("daytime rule"), "SLURM sites have their own limits: " + r.out());
        Cli.Result das = Cli.run(
                "plan",
                Files.writeString(
                                tmp.resolve("das.yaml"),
                                Files.readString(manifest()).replace("backend: slurm", "backend: prun, walltime: 1h"))
                        .toString());
        assertTrue(
                das.out()
                        .contains(
                                "daytime rule (prun): at most 15 min 0 s between 08:00 and 20:00 on weekdays; the longest"
                                        + " reservation here is 60 min 0 s: it may start from 20:00 or at a weekend (`streamscale submit ... --begin 20:00`);"
                                        + " in daytime `run` refuses it before reserving"),
                das.out());
    }

    @Test
    void renderWritesTheFullEnsembleBrokersOnTheirHostsAndWorkersPointingAtTheMaster() throws Exception {
        Path out = tmp.resolve("rendered");
        Cli.Result r = Cli.run("plan", manifest().toString(), "--render", out.toString());
        assertEquals(0, r.exit(), r.err());
        Path cell = out.resolve("big/k3s3_20Mper10m/configs");
        for (int i = 1; i <= 3; i++) {
            Properties zoo = props(cell.resolve("node" + i + "/zookeeper-" + i + "/zoo.cfg"));
            for (int s = 1; s <= 3; s++) {
                assertEquals("node" + s + ":2888:3888", zoo.getProperty("server." + s), "zoo.cfg of node" + i);
            }
            assertEquals("node" + i, zoo.getProperty("clientPortAddress"));
            Properties broker = props(cell.resolve("node" + i + "/kafka-" + (i - 1) + "/server.properties"));
            assertEquals(String.valueOf(i - 1), broker.getProperty("broker.id"));
            // on a cluster the run's Kafka takes only its own login (kafka.auth auto): SCRAM, authorized, its JAAS file
            // named
            assertEquals("SASL_PLAINTEXT://node" + i + ":9092", broker.getProperty("listeners"));
            assertEquals("SCRAM-SHA-512", broker.getProperty("sasl.enabled.mechanisms"));
            assertEquals("User:streamscale", broker.getProperty("super.users"));
            assertEquals("false", broker.getProperty("allow.everyone.if.no.acl.found"));
            assertEquals("true", zoo.getProperty("enforce.auth.enabled"));
            assertEquals(
                    "true",
                    zoo.getProperty("quorum.auth.enableSasl"),
                    "a 3-node ensemble logs in between its nodes too");
            assertEquals(
                    "ruok,srvr",
                    zoo.getProperty("4lw.commands.whitelist"),
                    "no stat: it would show the run's sessions");
            String cmd = Files.readString(cell.resolve("node" + i + "/kafka-" + (i - 1) + "/command.txt"));
            assertTrue(
                    cmd.contains("-Djava.security.auth.login.config=")
                            && cmd.contains("/node" + i + "/kafka-broker.jaas"),
                    cmd);
        }
        // no password anywhere in what is rendered: the logins are written to the nodes' 0600 files at start only
        try (Stream<Path> all = Files.walk(out)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertFalse(text.contains("password") || text.contains("user_kafka"), f + " holds a login: " + text);
            }
        }

        for (int w = 0; w < 3; w++) {
            String cmd = Files.readString(cell.resolve("node" + (4 + w) + "/spark-worker-" + w + "/command.txt"));
            assertTrue(cmd.contains("org.apache.spark.deploy.worker.Worker --host node" + (4 + w)), cmd);
            assertTrue(cmd.contains(" spark://node4:7077 "), cmd);
        }
        String scorer = Files.readString(cell.resolve("node4/scorer/command.txt"));
        assertTrue(scorer.contains("--bootstrap node1:9092,node2:9092,node3:9092"), scorer);
        assertTrue(scorer.contains("--kafka-config ") && scorer.contains("/node4/kafka-client.properties"), scorer);
        String gen = Files.readString(cell.resolve("node7/generator-0/command.txt"));
        assertTrue(
                gen.contains("--messages 11750000 --instances 32"),
                "6 min at 33333.3 msg/s less half a 15 s ramp: " + gen);
        assertTrue(gen.contains(" --ramp-ms 15000"), gen);
        try (Stream<Path> all = Files.walk(out)) {
            assertFalse(all.anyMatch(p -> p.getFileName().toString().equals("cluster.json")), "nothing was started");
        }
    }

    @Test
    void withTheKafkaSinkThePlanPlacesTheOutputTopicsReaderOnTheGeneratorNodeAndRendersIt() throws Exception {
        Path m = Files.writeString(tmp.resolve("k.yaml"), """
                experiments:
                  rt:
                    nodes: [1, 1]
                    duration: 30s
                    spark: {processing: realtime, sink: kafka}
                    scheduler: {backend: slurm}
                    sharedFilesystem: false
                """);
        Path out = tmp.resolve("rendered-k");
        Cli.Result r = Cli.run("plan", m.toString(), "--render", out.toString());
        assertEquals(0, r.exit(), "real-time with the Kafka sink needs no shared filesystem: " + r.err());
        assertTrue(r.out().contains("node3:generator+delivery"), r.out());
        Path configs;
        try (Stream<Path> cells = Files.list(out.resolve("rt"))) {
            configs = cells.findFirst().orElseThrow().resolve("configs");
        }
        String reader = Files.readString(configs.resolve("node3/delivery/command.txt"));
        assertTrue(
                reader.contains("io.streamscale.jobs.delivery.DeliveryMain")
                        && reader.contains("--topic requests-scored"),
                reader);
        String scorer = Files.readString(configs.resolve("node2/scorer/command.txt"));
        assertTrue(scorer.contains("--sink kafka --output-topic requests-scored"), scorer);
    }
}
