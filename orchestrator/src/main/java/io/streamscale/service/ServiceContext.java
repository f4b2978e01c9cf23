package io.streamscale.service;

import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Node;
import io.streamscale.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the service builders need to turn a topology into daemon specs.
 *
 * @param nodeDir   the node-local base directory of this cluster on a node (scratch on a cluster node)
 * @param kafkaAuth the run's Kafka and ZooKeeper credentials, or null where they take anyone
 */
public record ServiceContext(
        String clusterId,
        ClusterSpec spec,
        Topology topology,
        RuntimeLayout runtime,
        TemplateRenderer templates,
        Function<Node, String> nodeDir,
        KafkaAuth kafkaAuth) {

    /** A cluster whose Kafka and ZooKeeper take anyone (kafka.auth none, local clusters). */
    public ServiceContext(
            String clusterId,
            ClusterSpec spec,
            Topology topology,
            RuntimeLayout runtime,
            TemplateRenderer templates,
            Function<Node, String> nodeDir) {
        this(clusterId, spec, topology, runtime, templates, nodeDir, null);
    }

    /** What a Kafka client of this cluster sets besides the bootstrap servers (empty: no authentication). */
    public Map<String, String> kafkaClientConfig() {
        return kafkaAuth == null ? Map.of() : kafkaAuth.clientConfig();
    }

    public String workDir(Node node, String daemonId) {
        return nodeDir.apply(node) + "/" + daemonId;
    }

    public String marker(Node node, String daemonId) {
        return "streamscale.daemon=" + clusterId + "/" + node.name() + "/" + daemonId;
    }

    /**
     * JVM flags for control-plane daemons (ZooKeeper, Spark master and workers): little work to do, so a quick start
     * on few cores matters more than peak JIT output.
     */
    public static final List<String> LIGHT_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** {@code java -Xmx.. -Dmarker <props> -cp CP Main args}: the shape of every daemon command line. */
    public List<String> javaCommand(
            String heap,
            String marker,
            List<String> jvmOptions,
            String classpath,
            String mainClass,
            List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(runtime.java());
        cmd.add("-Xmx" + heap);
        cmd.add("-D" + marker);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
