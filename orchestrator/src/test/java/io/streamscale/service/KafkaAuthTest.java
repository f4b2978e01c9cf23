package io.streamscale.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.Transport;
import io.streamscale.common.Json;
import io.streamscale.readiness.KafkaBrokersProbe;
import io.streamscale.testing.TestHome;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Topology;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A locked run's daemons: where the logins go (0600 files named on command lines) and where they never go. */
class KafkaAuthTest {
    static Deployment locked() {
        Topology t = Layout.assign(Layout.localHosts(4), 2, 1, 1, 1, false);
        ClusterSpec spec = new ClusterSpec(
                2,
                1,
                1,
                KafkaMode.ZOOKEEPER,
                2,
                "2g",
                ClusterSpec.Heaps.defaults(),
                ClusterSpec.Ports.defaults(),
                "AAAAAAAAAAAAAAAAAAAAAA",
                Duration.ofSeconds(18),
                true);
        return Deployment.plan("c1", spec, t, Transport.local("/scratch"), TestHome.runtime(), TestHome.templates());
    }

    @Test
    void kraftNodesFormatWithTheCredentialFromAFileAndLogInToTheControllersWithPlain() throws Exception {
        Topology t = Layout.assign(Layout.localHosts(5), 3, 1, 1, 1, false);
        ClusterSpec spec = new ClusterSpec(
                3,
                1,
                1,
                KafkaMode.KRAFT,
                2,
                "2g",
                ClusterSpec.Heaps.defaults(),
                ClusterSpec.Ports.defaults(),
                "AAAAAAAAAAAAAAAAAAAAAA",
                Duration.ofSeconds(18),
                true);
        Deployment d =
                Deployment.plan("c1", spec, t, Transport.local("/scratch"), TestHome.runtime(), TestHome.templates());
        KafkaAuth auth = d.context().kafkaAuth();
        for (DaemonSpec s :
                d.daemons().stream().filter(s -> s.kind() == ServiceKind.KAFKA).toList()) {
            String all = String.join(" ", s.command()) + s.files().values() + s.preStart();
            assertFalse(
                    all.contains(auth.kafkaPassword()) || all.contains(auth.zookeeperPassword()),
                    s.label() + " holds a password");
            List<String> format = s.preStart().get(0);
            assertTrue(
                    format.contains("io.streamscale.jobs.kafka.KraftFormat")
                            && format.contains("/scratch/" + s.node() + "/kafka-scram.properties")
                            && format.contains("format"),
                    "every node formats with the credential: " + format);
            Properties p = new Properties();
            p.load(new StringReader(s.files().get("conf/server.properties")));
            assertEquals(
                    "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                    p.getProperty("listener.security.protocol.map"));
            assertEquals(
                    "PLAIN",
                    p.getProperty("sasl.mechanism.controller.protocol"),
                    "SCRAM fails between controllers (KAFKA-15513)");
            assertEquals("User:streamscale;User:controller", p.getProperty("super.users"));
        }
        String jaas = auth.files(d.context()).get("n1").get("/scratch/n1/kafka-broker.jaas");
        assertTrue(
                jaas.startsWith("sasl_plaintext.KafkaServer {")
                        && jaas.contains("controller.KafkaServer {")
                        && jaas.contains("user_controller=\"" + auth.zookeeperPassword() + "\""),
                jaas);
    }

    @Test
    void eachRunHasItsOwnPasswordsAndTheyAreNeverPrinted() {
        KafkaAuth a = KafkaAuth.generate();
        KafkaAuth b = KafkaAuth.generate();
        assertNotEquals(a.kafkaPassword(), b.kafkaPassword());
        assertTrue(a.kafkaPassword().matches("[0-9a-f]{48}"), "hex: nothing for SCRAM's or JAAS's parsers to unquote");
        assertFalse(
                a.toString().contains(a.kafkaPassword()) || a.toString().contains(a.zookeeperPassword()), a.toString());
        assertEquals("SCRAM-SHA-512=password=" + a.kafkaPassword() + "\n", a.scramConfig());
        assertEquals(
                Map.of(
                        "security.protocol",
                        "SASL_PLAINTEXT",
                        "sasl.mechanism",
                        "SCRAM-SHA-512",
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"streamscale\" password=\""
                                + a.kafkaPassword() + "\";"),
                a.clientConfig());
    }

    @Test
    void daemonsNameTheirLoginFilesAndNoCommandLineConfigOrRecordHoldsAPassword() throws Exception {
        Deployment d = locked();
        KafkaAuth auth = d.context().kafkaAuth();
        for (DaemonSpec s : d.daemons()) {
            String all = String.join(" ", s.command()) + s.files().values() + s.preStart() + s.env();
            assertFalse(
                    all.contains(auth.kafkaPassword()) || all.contains(auth.zookeeperPassword()),
                    s.label() + " holds a password");
        }
        DaemonSpec broker0 = d.daemons().stream()
                .filter(s -> s.id().equals("kafka-0"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                broker0.command().contains("-Djava.security.auth.login.config=/scratch/n1/kafka-broker.jaas"),
                broker0.command().toString());
        List<String> store = broker0.preStart().get(0);
        assertTrue(
                store.contains("kafka.admin.ConfigCommand")
                        && store.contains("--add-config-file")
                        && store.contains("/scratch/n1/kafka-scram.properties"),
                "the first broker stores the credential, from a file: " + store);
        assertEquals(
                List.of(),
                d.daemons().stream()
                        .filter(s -> s.id().equals("kafka-1"))
                        .findFirst()
                        .orElseThrow()
                        .preStart(),
                "once is enough");
        DaemonSpec zk = d.daemons().stream()
                .filter(s -> s.kind() == ServiceKind.ZOOKEEPER)
                .findFirst()
                .orElseThrow();
        assertTrue(
                zk.command().contains("-Djava.security.auth.login.config=/scratch/n1/zookeeper.jaas"),
                zk.command().toString());
        Properties zoo = new Properties();
        zoo.load(new StringReader(zk.files().get("conf/zoo.cfg")));
        assertEquals("sasl", zoo.getProperty("enforce.auth.schemes"));
        assertEquals(null, zoo.getProperty("quorum.auth.enableSasl"), "one ZooKeeper: no quorum");
        Properties server = new Properties();
        server.load(new StringReader(broker0.files().get("conf/server.properties")));
        assertEquals(
                d.context().topology().nodes().get(0).address() + ":2181",
                server.getProperty("zookeeper.connect"),
                "its own ZooKeeper: no chroot for ConfigCommand to miss");

        // the files the launcher writes (0600): the client login on every node, the JAAS files where they are used
        Map<String, Map<String, String>> files = auth.files(d.context());
        assertEquals(
                List.of(
                        "/scratch/n1/kafka-client.properties",
                        "/scratch/n1/kafka-broker.jaas",
                        "/scratch/n1/kafka-scram.properties",
                        "/scratch/n1/zookeeper.jaas"),
                List.copyOf(files.get("n1").keySet()));
        assertEquals(
                List.of("/scratch/n4/kafka-client.properties"),
                List.copyOf(files.get("n4").keySet()));
        assertTrue(files.get("n1")
                .get("/scratch/n1/zookeeper.jaas")
                .contains("user_kafka=\"" + auth.zookeeperPassword() + "\""));
        assertTrue(files.get("n1")
                .get("/scratch/n1/kafka-broker.jaas")
                .contains("username=\"kafka\"\n  password=\"" + auth.zookeeperPassword() + "\""));
        Properties client = new Properties();
        client.load(new StringReader(files.get("n4").get("/scratch/n4/kafka-client.properties")));
        assertEquals(
                auth.clientConfig().get("sasl.jaas.config"),
                client.getProperty("sasl.jaas.config"),
                "the file reads back as written");

        // the brokers' readiness logs in, but the cluster's recorded state keeps no login
        KafkaBrokersProbe probe = (KafkaBrokersProbe) broker0.probe();
        assertEquals(auth.clientConfig(), probe.security());
        JsonNode recorded = Json.MAPPER.valueToTree(d.initialState());
        String text = Json.MAPPER.writeValueAsString(recorded) + Json.MAPPER.writeValueAsString(d.daemons());
        assertFalse(text.contains(auth.kafkaPassword()), "cluster state and daemon specs as recorded hold no password");
        assertFalse(probe.toString().contains(auth.kafkaPassword()), probe.toString());
    }
}
