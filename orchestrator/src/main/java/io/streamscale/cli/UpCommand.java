package io.streamscale.cli;

import io.streamscale.cluster.ClusterLauncher;
import io.streamscale.cluster.ClusterState;
import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.StateDir;
import io.streamscale.cluster.Transport;
import io.streamscale.common.Durations;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.remote.SshSettings;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.service.ClusterSpec;
import io.streamscale.service.DaemonController;
import io.streamscale.service.KafkaMode;
import io.streamscale.service.RunningDaemon;
import io.streamscale.study.OnInterrupt;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Topology;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.common.Uuid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "up",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Start a ZooKeeper/Kafka/Spark cluster and wait until every daemon is ready.",
            "",
            "Local mode (the default) emulates each node with a loopback alias of this machine: node i is "
                    + "127.0.0.(10+i), so every broker has its own address and all use the same port, as on a cluster. "
                    + "With --hosts, the daemons are started over SSH on those hosts instead.",
            "",
            "Layout: the first K nodes run Kafka (ZooKeeper on the first Z of them), the next S nodes run Spark "
                    + "workers, and the Spark master shares the first Spark node. Ctrl-C during start-up stops whatever "
                    + "had started. The state (nodes, pids, endpoints), rendered configs and logs go to --state."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale up --kafka 2 --spark 2",
            "  streamscale up --kafka 1 --spark 1 --kafka-mode kraft --state /tmp/kraft-cluster",
            "  streamscale up --kafka 3 --spark 3 --zookeeper 3 --hosts node301,node302,node303,node304,node305,node306"
        })
final class UpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Option(
            names = "--kafka",
            paramLabel = "K",
            defaultValue = "1",
            description = "Kafka broker nodes (default: ${DEFAULT-VALUE}).")
    int kafka;

    @Option(
            names = "--spark",
            paramLabel = "S",
            defaultValue = "1",
            description = "Spark worker nodes (default: ${DEFAULT-VALUE}).")
    int spark;

    @Option(
            names = "--zookeeper",
            paramLabel = "Z",
            description =
                    "ZooKeeper nodes, placed on the first Kafka nodes (default: 1 in zookeeper mode, 0 in kraft mode).")
    Integer zookeeper;

    @Option(
            names = "--kafka-mode",
            paramLabel = "MODE",
            defaultValue = "zookeeper",
            description = "zookeeper (as the seed system) or kraft (default: ${DEFAULT-VALUE}).")
    String kafkaMode;

    @Option(
            names = "--worker-cores",
            paramLabel = "N",
            defaultValue = "2",
            description = "Cores each Spark worker offers (default: ${DEFAULT-VALUE}).")
    int workerCores;

    @Option(
            names = "--worker-memory",
            paramLabel = "SIZE",
            defaultValue = "2g",
            description = "Memory each Spark worker offers to executors (default: ${DEFAULT-VALUE}).")
    String workerMemory;

    @Option(
            names = "--ready-timeout",
            paramLabel = "DURATION",
            defaultValue = "120s",
            converter = DurationConverter.class,
            description = "How long each daemon may take to become ready (default: ${DEFAULT-VALUE}).")
    Duration readyTimeout;

    @Option(
            names = "--hosts",
            paramLabel = "HOST,...",
            split = ",",
            description = "Run over SSH on these hosts (K+S of them) instead of local loopback aliases.")
    List<String> hosts;

    @Option(
            names = "--ssh-config",
            paramLabel = "FILE",
            description = "OpenSSH-style config for --hosts (default: ~/.ssh/config).")
    Path sshConfig;

    @Option(
            names = "--scratch",
            paramLabel = "DIR",
            description = "Node-local scratch directory with --hosts (default: /tmp/streamscale-$USER).")
    String scratch;

    @Option(
            names = "--runtime",
            paramLabel = "DIR",
            description = "The runtime bundle (default: target/runtime of this checkout, or $STREAMSCALE_RUNTIME).")
    Path runtime;

    @Option(
            names = "--kafka-home",
            paramLabel = "DIR",
            description = "Use an existing Kafka installation (its libs/) instead of the bundled broker.")
    String kafkaHome;

    @Option(
            names = "--spark-home",
            paramLabel = "DIR",
            description = "Use an existing Spark installation (its jars/) instead of the bundled one.")
    String sparkHome;

    @Option(
            names = "--java-home",
            paramLabel = "DIR",
            description = "The JDK the daemons run on, on every node (default: the one running streamscale).")
    String javaHome;

    @Mixin
    StateOption stateOption;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.commandLine().getOut();
        PrintWriter err = cmd.commandLine().getErr();
        if (scratch != null) {
            try {
                ManifestReader.convertOption("scratch", scratch);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd.commandLine(), "--scratch: " + e.getMessage());
            }
        }
        KafkaMode mode = KafkaMode.parse(kafkaMode);
        int zk = zookeeper != null ? zookeeper : mode == KafkaMode.ZOOKEEPER ? 1 : 0;
        if (mode == KafkaMode.KRAFT && zk > 0) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(), "--zookeeper " + zk + " makes no sense with --kafka-mode kraft");
        }
        if (mode == KafkaMode.ZOOKEEPER && zk < 1) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(), "zookeeper mode needs at least one ZooKeeper node");
        }
        StateDir stateDir = stateOption.stateDir();
        refuseIfRunning(stateDir);

        Path home = Home.get();
        RuntimeLayout layout = (runtime != null
                        ? new RuntimeLayout(
                                runtime.toAbsolutePath().toString(), null, null, System.getProperty("java.home"))
                        : RuntimeLayout.defaults(home))
                .withInstallations(kafkaHome, sparkHome, javaHome);
        String clusterId = UUID.randomUUID().toString().substring(0, 8);
        List<Layout.Host> hostList;
        Transport transport;
        if (hosts == null || hosts.isEmpty()) {
            layout.verifyLocally();
            hostList = Layout.localHosts(Layout.nodesNeeded(kafka, spark, 0));
            transport = Transport.local(stateDir.localNodesRoot().toString());
        } else {
            hostList = resolve(hosts);
            String root = (scratch != null ? scratch : "/tmp/streamscale-" + System.getProperty("user.name")) + "/"
                    + clusterId;
            transport = Transport.ssh(
                    new SshSettings(
                            sshConfig == null
                                    ? null
                                    : sshConfig.toAbsolutePath().toString(),
                            Duration.ofSeconds(10)),
                    root);
        }
        Topology topology = Layout.assign(hostList, kafka, spark, zk);
        ClusterSpec spec = new ClusterSpec(
                kafka,
                spark,
                zk,
                mode,
                workerCores,
                workerMemory,
                ClusterSpec.Heaps.defaults(),
                ClusterSpec.Ports.defaults(),
                Uuid.randomUuid().toString());
        Deployment deployment = Deployment.plan(
                clusterId, spec, topology, transport, layout, new TemplateRenderer(home.resolve("templates")));

        try (Remotes remotes = new Remotes(transport)) {
            ClusterLauncher launcher = new ClusterLauncher(new DaemonController(remotes), stateDir, readyTimeout);
            long t0 = System.nanoTime();
            ClusterState state;
            try {
                state = OnInterrupt.guard(launcher::cancel, launcher::awaitFinished, () -> launcher.up(deployment));
            } catch (RuntimeException e) {
                err.println("error: cluster start-up failed: " + e.getMessage());
                err.println("everything that had started was stopped; configs and logs are in " + stateDir.root());
                return 1;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            printSummary(out, state, stateDir, took);
            return 0;
        }
    }

    private static void refuseIfRunning(StateDir stateDir) {
        stateDir.load().filter(s -> !s.status().equals("down")).ifPresent(s -> {
            try (Remotes remotes = new Remotes(s.transport())) {
                DaemonController c = new DaemonController(remotes);
                List<String> alive = new ArrayList<>();
                for (RunningDaemon d : s.daemons()) {
                    if (c.isAlive(d)) {
                        alive.add(d.label());
                    }
                }
                if (!alive.isEmpty()) {
                    throw new IllegalStateException("a cluster recorded in " + stateDir.root() + " is still running ("
                            + String.join(", ", alive) + "); run `streamscale down --state " + stateDir.root()
                            + "` first, or use another --state");
                }
            }
        });
    }

    /** Each host with its address, as DNS or /etc/hosts give it. */
    static List<Layout.Host> resolve(List<String> names) {
        List<Layout.Host> out = new ArrayList<>();
        for (String n : names) {
            try {
                out.add(new Layout.Host(n, InetAddress.getByName(n).getHostAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("host '" + n + "' from --hosts does not resolve to an address");
            }
        }
        return out;
    }

    static void printSummary(PrintWriter out, ClusterState state, StateDir stateDir, Duration took) {
        var e = state.endpoints();
        out.printf(
                "cluster %s is up (%d daemons ready in %s)%n",
                state.clusterId(), state.daemons().size(), Durations.format(took));
        out.printf(
                "  kafka bootstrap servers : %s (%s mode)%n",
                e.bootstrapServers(), state.spec().kafkaMode().name().toLowerCase());
        if (e.zookeeperConnect() != null) {
            out.printf("  zookeeper               : %s%n", e.zookeeperConnect());
        }
        out.printf("  spark master            : %s%n", e.sparkMasterUrl());
        out.printf("  spark master web UI     : %s%n", e.sparkMasterWebUi());
        out.printf("  spark worker web UIs    : %s%n", String.join(" ", e.sparkWorkerWebUis()));
        out.printf("  state, configs and logs : %s%n", stateDir.root());
        out.printf(
                "next: streamscale status --state %s   |   streamscale down --state %s%n",
                stateDir.root(), stateDir.root());
        out.flush();
    }
}
