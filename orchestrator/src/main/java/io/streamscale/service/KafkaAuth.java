package io.streamscale.service;

import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credentials of one run's Kafka and ZooKeeper, so that no other user of a shared cluster can read, write or delete
 * the run's topics or znodes: Kafka takes SASL/SCRAM-SHA-512 from clients and between brokers and authorizes
 * (deny by default, the run's one user a super user); ZooKeeper takes only SASL-authenticated sessions (digest), from
 * the brokers. Generated per run, kept in memory here and in mode-0600 files on the nodes (JAAS files the daemons name
 * with {@code -Djava.security.auth.login.config}, a client properties file the jobs load), never on a command line, in
 * a rendered config or in the results. Passwords are hex: SCRAM's and JAAS's parsers need nothing quoted.
 *
 * @param kafkaPassword     the SCRAM password of {@link #USER}, used by brokers and every client
 * @param zookeeperPassword the digest password of the brokers' ZooKeeper user (and of the ensemble's quorum); in KRaft
 *                          mode, the PLAIN password of the controllers' listener (SCRAM does not work there: KAFKA-15513)
 */
public record KafkaAuth(String kafkaPassword, String zookeeperPassword) {
    /** The run's one Kafka user: brokers between themselves, and every client of the run. */
    public static final String USER = "streamscale";

    public static final String MECHANISM = "SCRAM-SHA-512";
    /** Files on the nodes, each in the node's own 0700 directory. */
    public static final String CLIENT_FILE = "kafka-client.properties";

    public static final String BROKER_JAAS = "kafka-broker.jaas";
    public static final String SCRAM_FILE = "kafka-scram.properties";
    public static final String ZOOKEEPER_JAAS = "zookeeper.jaas";

    public static KafkaAuth generate() {
        SecureRandom r = new SecureRandom();
        return new KafkaAuth(hex(r), hex(r));
    }

    private static String hex(SecureRandom r) {
        byte[] b = new byte[24];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** What every Kafka client of the run sets: the protocol, the mechanism and the login (also for Spark's kafka. options). */
    public Map<String, String> clientConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("security.protocol", "SASL_PLAINTEXT");
        c.put("sasl.mechanism", MECHANISM);
        // double quotes: Spark's redaction of sasl.jaas.config in its logs matches password="..." only
        c.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\""
                        + kafkaPassword + "\";");
        return c;
    }

    /** {@link #clientConfig()} as the properties file the jobs load. */
    public String clientProperties() {
        StringBuilder b = new StringBuilder("# the run's Kafka login (streamscale); readable by this user only\n");
        clientConfig()
                .forEach((k, v) ->
                        b.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return b.toString();
    }

    /** A broker's static JAAS file: its SCRAM login to the other brokers, and its ZooKeeper login. */
    public String brokerJaas() {
        return "KafkaServer {\n  org.apache.kafka.common.security.scram.ScramLoginModule required\n  username=\"" + USER
                + "\"\n  password=\"" + kafkaPassword + "\";\n};\n"
                + "Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username=\"kafka\"\n  password=\""
                + zookeeperPassword + "\";\n};\n";
    }

    /** The user of KRaft's controller listener (PLAIN, between controllers and from brokers to them). */
    public static final String CONTROLLER_USER = "controller";

    /**
     * A KRaft node's static JAAS file: SCRAM on the client and inter-broker listener, PLAIN on the controller listener
     * (its own user and the password it accepts), each as a listener-prefixed KafkaServer section.
     */
    public String kraftJaas() {
        return "sasl_plaintext.KafkaServer {\n  org.apache.kafka.common.security.scram.ScramLoginModule required\n  username=\""
                + USER + "\"\n  password=\"" + kafkaPassword + "\";\n};\n"
                + "controller.KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n  username=\""
                + CONTROLLER_USER + "\"\n  password=\"" + zookeeperPassword + "\"\n  user_" + CONTROLLER_USER + "=\""
                + zookeeperPassword + "\";\n};\n";
    }

    /** The SCRAM credential ConfigCommand stores in ZooKeeper before the brokers start (read from this file, not argv). */
    public String scramConfig() {
        return MECHANISM + "=password=" + kafkaPassword + "\n";
    }

    /** A ZooKeeper server's JAAS file: the brokers' digest user, and the ensemble's quorum logins. */
    public String zookeeperJaas() {
        return "Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_kafka=\""
                + zookeeperPassword + "\";\n};\n"
                + "QuorumServer {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_quorum=\""
                + zookeeperPassword
                + "\";\n};\n"
                + "QuorumLearner {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  username=\"quorum\"\n  password=\""
                + zookeeperPassword + "\";\n};\n";
    }

    /** Where {@code name} is on {@code node}. */
    public static String file(ServiceContext ctx, Node node, String name) {
        return ctx.nodeDir().apply(node) + "/" + name;
    }

    /** Node name to (path to content): the client file on every node, the broker's on Kafka nodes, ZooKeeper's on its. */
    public Map<String, Map<String, String>> files(ServiceContext ctx) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Node n : ctx.topology().nodes()) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put(file(ctx, n, CLIENT_FILE), clientProperties());
            if (n.roles().contains(Role.KAFKA)) {
                f.put(
                        file(ctx, n, BROKER_JAAS),
                        ctx.spec().kafkaMode() == KafkaMode.KRAFT ? kraftJaas() : brokerJaas());
                f.put(file(ctx, n, SCRAM_FILE), scramConfig());
            }
            if (n.roles().contains(Role.ZOOKEEPER)) {
                f.put(file(ctx, n, ZOOKEEPER_JAAS), zookeeperJaas());
            }
            out.put(n.name(), f);
        }
        return out;
    }

    @Override
    public String toString() {
        return "KafkaAuth[<redacted>]";
    }
}
