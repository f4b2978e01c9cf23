package io.streamscale.service;

import io.streamscale.readiness.ZooKeeperRuokProbe;
import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A ZooKeeper ensemble on the ZOOKEEPER nodes: myid 1..n in topology order, every node lists the full ensemble. */
public final class ZooKeeperService {
    private static final String MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";

    private ZooKeeperService() {}

    static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    /** {@code host:port,...} for clients, with an optional chroot such as {@code /streamscale-ID}. */
    public static String connectString(ServiceContext ctx, String chroot) {
        List<String> parts = new ArrayList<>();
        for (Node n : ctx.topology().with(Role.ZOOKEEPER)) {
            parts.add(n.address() + ":" + ctx.spec().ports().zookeeperClient());
        }
        return String.join(",", parts) + (chroot == null ? "" : chroot);
    }

    public static List<DaemonSpec> specs(ServiceContext ctx) {
        List<Node> nodes = ctx.topology().with(Role.ZOOKEEPER);
        ClusterSpec.Ports ports = ctx.spec().ports();
        List<Map<String, Object>> servers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            servers.add(Map.of(
                    "id",
                    i + 1,
                    "address",
                    nodes.get(i).address(),
                    "peerPort",
                    ports.zookeeperPeer(),
                    "electionPort",
                    ports.zookeeperElection()));
        }
        List<DaemonSpec> specs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            int myid = i + 1;
            String id = "zookeeper-" + myid;
            String work = ctx.workDir(node, id);
            String dataDir = work + "/data";
            Map<String, Object> vars = new HashMap<>(Map.of(
                    "clusterId",
                    ctx.clusterId(),
                    "node",
                    node.name(),
                    "myid",
                    myid,
                    "ensembleSize",
                    nodes.size(),
                    "dataDir",
                    dataDir,
                    "clientPort",
                    ports.zookeeperClient(),
                    "address",
                    node.address(),
                    "servers",
                    servers));
            vars.put("auth", ctx.kafkaAuth() != null);
            vars.put("quorumAuth", ctx.kafkaAuth() != null && nodes.size() > 1);
            List<String> jvm = concat(
                    ServiceContext.LIGHT_JVM,
                    "-Dlog4j.configuration=file:" + work + "/conf/log4j.properties",
                    "-Dzookeeper.admin.enableServer=false");
            if (ctx.kafkaAuth() != null) { // the logins live in a 0600 file: only its path is on the command line
                jvm = concat(
                        jvm,
                        "-Djava.security.auth.login.config=" + KafkaAuth.file(ctx, node, KafkaAuth.ZOOKEEPER_JAAS));
            }
            List<Endpoint> endpoints =
                    new ArrayList<>(List.of(new Endpoint(node.address(), ports.zookeeperClient(), "zookeeper client")));
            if (nodes.size() > 1) {
                endpoints.add(new Endpoint(node.address(), ports.zookeeperPeer(), "zookeeper peer"));
                endpoints.add(new Endpoint(node.address(), ports.zookeeperElection(), "zookeeper election"));
            }
            String marker = ctx.marker(node, id);
            specs.add(new DaemonSpec(
                    id,
                    ServiceKind.ZOOKEEPER,
                    node.name(),
                    node.address(),
                    work,
                    ctx.javaCommand(
                            ctx.spec().heaps().zookeeper(),
                            marker,
                            jvm,
                            ctx.runtime().zookeeperClasspath(),
                            MAIN,
                            List.of(work + "/conf/zoo.cfg")),
                    Map.of(),
                    Map.of(
                            "conf/zoo.cfg",
                            ctx.templates().render("zookeeper/zoo.cfg", vars),
                            "conf/log4j.properties",
                            ctx.templates().render("zookeeper/log4j.properties", vars),
                            "data/myid",
                            myid + "\n"),
                    List.of(),
                    endpoints,
                    new ZooKeeperRuokProbe(node.address(), ports.zookeeperClient()),
                    marker));
        }
        return specs;
    }
}
