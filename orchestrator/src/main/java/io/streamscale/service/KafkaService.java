package io.streamscale.service;

import io.streamscale.readiness.KafkaBrokersProbe;
import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Kafka brokers on the KAFKA nodes, broker ids 0..n-1 in topology order, each listening on its node's own address.
 * ZooKeeper mode uses a per-cluster chroot; KRaft makes the first min(3, n) brokers controllers too.
 */
public final class KafkaService {
    private static final String MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String CONFIG_TOOL = "kafka.admin.ConfigCommand";
    private static final String KRAFT_FORMAT = "io.streamscale.jobs.kafka.KraftFormat";

    private KafkaService() {}

    public static String bootstrapServers(ServiceContext ctx) {
        return String.join(
                ",",
                ctx.topology().with(Role.KAFKA).stream()
                        .map(n -> n.address() + ":" + ctx.spec().ports().kafka())
                        .toList());
    }

    public static List<DaemonSpec> specs(ServiceContext ctx) {
        List<Node> nodes = ctx.topology().with(Role.KAFKA);
        ClusterSpec.Ports ports = ctx.spec().ports();
        boolean kraft = ctx.spec().kafkaMode() == KafkaMode.KRAFT;
        int controllers = Math.min(3, nodes.size());
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < controllers; i++) {
            voters.add(i + "@" + nodes.get(i).address() + ":" + ports.kafkaController());
        }
        List<Integer> brokerIds = IntStream.range(0, nodes.size()).boxed().toList();
        List<DaemonSpec> specs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String id = "kafka-" + i;
            String work = ctx.workDir(node, id);
            boolean controller = kraft && i < controllers;
            Map<String, Object> vars = new HashMap<>();
            vars.put("clusterId", ctx.clusterId());
            vars.put("node", node.name());
            vars.put("brokerId", i);
            vars.put("address", node.address());
            vars.put("port", ports.kafka());
            vars.put("dataDir", work + "/data");
            vars.put("internalReplication", Math.min(3, nodes.size()));
            vars.put("internalMinIsr", Math.min(2, nodes.size()));
            long session = ctx.spec().sessionTimeout().toMillis();
            vars.put("sessionTimeoutMs", session);
            vars.put("heartbeatMs", Math.min(2000, session / 3));
            List<Endpoint> endpoints = new ArrayList<>(List.of(new Endpoint(node.address(), ports.kafka(), "kafka")));
            List<List<String>> preStart = List.of();
            String template;
            KafkaAuth auth = ctx.kafkaAuth();
            vars.put("auth", auth != null);
            vars.put("protocol", auth != null ? "SASL_PLAINTEXT" : "PLAINTEXT");
            vars.put("superUser", KafkaAuth.USER);
            vars.put("controllerUser", KafkaAuth.CONTROLLER_USER);
            vars.put("mechanism", KafkaAuth.MECHANISM);
            if (kraft) {
                template = "kafka/kraft.properties";
                vars.put("processRoles", controller ? "broker,controller" : "broker");
                vars.put("quorumVoters", String.join(",", voters));
                String listeners = vars.get("protocol") + "://" + node.address() + ":" + ports.kafka();
                if (controller) {
                    listeners += ",CONTROLLER://" + node.address() + ":" + ports.kafkaController();
                    endpoints.add(new Endpoint(node.address(), ports.kafkaController(), "kraft controller"));
                }
                vars.put("listeners", listeners);
                List<String> format = List.of(
                        "format",
                        "-t",
                        ctx.spec().kraftClusterId(),
                        "-c",
                        work + "/conf/server.properties",
                        "--ignore-formatted");
                // with the run's credentials, its SCRAM user goes into the bootstrap metadata, read from a 0600 file
                preStart = List.of(
                        auth == null
                                ? ZooKeeperService.concat(
                                        List.of(
                                                ctx.runtime().java(),
                                                "-cp",
                                                ctx.runtime().kafkaClasspath(),
                                                STORAGE_TOOL),
                                        format.toArray(new String[0]))
                                : ZooKeeperService.concat(
                                        List.of(
                                                ctx.runtime().java(),
                                                "-cp",
                                                ctx.runtime().kafkaClasspath() + ":"
                                                        + ctx.runtime().jobsJar(),
                                                KRAFT_FORMAT,
                                                KafkaAuth.file(ctx, node, KafkaAuth.SCRAM_FILE),
                                                KafkaAuth.USER),
                                        format.toArray(new String[0])));
            } else {
                template = "kafka/server.properties";
                // a ZooKeeper of the run's own that only its brokers can log in to needs no chroot (and ConfigCommand
                // makes none for the credential it stores)
                vars.put(
                        "zookeeperConnect",
                        ZooKeeperService.connectString(ctx, auth != null ? null : "/streamscale-" + ctx.clusterId()));
                if (auth != null && i == 0) { // the brokers' SCRAM credential, in ZooKeeper before any broker starts
                    preStart = List.of(List.of(
                            ctx.runtime().java(),
                            "-Djava.security.auth.login.config=" + KafkaAuth.file(ctx, node, KafkaAuth.BROKER_JAAS),
                            "-cp",
                            ctx.runtime().kafkaClasspath(),
                            CONFIG_TOOL,
                            "--zookeeper",
                            ZooKeeperService.connectString(ctx, null),
                            "--alter",
                            "--entity-type",
                            "users",
                            "--entity-name",
                            KafkaAuth.USER,
                            "--add-config-file",
                            KafkaAuth.file(ctx, node, KafkaAuth.SCRAM_FILE)));
                }
            }
            String marker = ctx.marker(node, id);
            List<String> jvm = new ArrayList<>(List.of(
                    "-Dlog4j.configuration=file:" + work + "/conf/log4j.properties",
                    "-Dkafka.logs.dir=" + work + "/logs"));
            if (ctx.kafkaAuth() != null) { // its logins are in a 0600 file: only the path is on the command line
                jvm.add("-Djava.security.auth.login.config=" + KafkaAuth.file(ctx, node, KafkaAuth.BROKER_JAAS));
            }
            specs.add(new DaemonSpec(
                    id,
                    ServiceKind.KAFKA,
                    node.name(),
                    node.address(),
                    work,
                    ctx.javaCommand(
                            ctx.spec().heaps().kafka(),
                            marker,
                            jvm,
                            ctx.runtime().kafkaClasspath(),
                            MAIN,
                            List.of(work + "/conf/server.properties")),
                    Map.of(),
                    Map.of(
                            "conf/server.properties",
                            ctx.templates().render(template, vars),
                            "conf/log4j.properties",
                            ctx.templates().render("kafka/log4j.properties", vars)),
                    preStart,
                    endpoints,
                    new KafkaBrokersProbe(node.address() + ":" + ports.kafka(), brokerIds, ctx.kafkaClientConfig()),
                    marker));
        }
        return specs;
    }
}
