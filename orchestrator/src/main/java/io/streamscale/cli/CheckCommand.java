package io.streamscale.cli;

import io.streamscale.cluster.ControlPlaneCheck;
import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.OnEachNode;
import io.streamscale.cluster.Preflight;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.Transport;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.remote.SshSettings;
import io.streamscale.runtime.NativeCheck;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.scheduler.Hostlist;
import io.streamscale.service.ClusterSpec;
import io.streamscale.service.KafkaMode;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Node;
import io.streamscale.topology.Topology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check that hosts can hold a run, doing on them what every run does before its first daemon starts and "
                    + "after its last one stops, with nothing started: connect, stop leftovers of an earlier run, check the "
                    + "JDK, scratch, free space and ports, clear stale traffic rules, install the runtime "
                    + "(--no-shared-filesystem), read the clocks with its JVM, remove the scratch.",
            "",
            "Each step runs on every host at once (at most " + OnEachNode.FAN_OUT + " at a time, one SSH connection "
                    + "each) and is timed, so the table says what a study's control plane costs on these hosts. Exit "
                    + "code 0: every host passed every step; 2: the problems are listed under the table."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale check --hosts node[301-316]",
            "  streamscale check --hosts n[1-64] --ssh-config /tmp/cluster/ssh_config",
            "  streamscale check --hosts $SLURM_JOB_NODELIST    (inside an allocation)"
        })
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Option(
            names = "--hosts",
            required = true,
            paramLabel = "HOSTLIST",
            description = "The hosts, as a list or a SLURM host list: node301,node302 or node[301-316].")
    String hosts;

    @Option(
            names = "--ssh-config",
            paramLabel = "FILE",
            description = "OpenSSH-style config for the hosts (default: ~/.ssh/config).")
    Path sshConfig;

    @Option(
            names = "--scratch",
            paramLabel = "DIR",
            description = "Node-local scratch on the hosts (default: /tmp/streamscale-$USER).")
    String scratch;

    @Option(
            names = "--java-home",
            paramLabel = "DIR",
            description = "The JDK (17+) the daemons would run on, at this path on every host (default: the one"
                    + " running streamscale).")
    String javaHome;

    @Option(
            names = "--shared-filesystem",
            negatable = true,
            description = "Whether the hosts see this checkout at the same path (default: yes). With"
                    + " --no-shared-filesystem the runtime is installed in each host's scratch, as a run would.")
    Boolean sharedFilesystemOption;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        boolean sharedFilesystem = sharedFilesystemOption == null || sharedFilesystemOption;
        List<String> names;
        try {
            names = Hostlist.expand(hosts);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "--hosts: " + e.getMessage());
        }
        if (names.size() < 2) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(),
                    "--hosts: a run needs at least 2 hosts (a Kafka and a Spark node), got " + names);
        }
        String base = scratch != null
                ? (String) ManifestReader.convertOption("scratch", scratch)
                : "/tmp/streamscale-" + System.getProperty("user.name");
        base = base.replace("${USER}", System.getProperty("user.name"));
        String root = base + "/runs/check-" + UUID.randomUUID().toString().substring(0, 8);
        Path home = Home.get();
        RuntimeLayout local = RuntimeLayout.defaults(home).withInstallations(null, null, javaHome);
        Transport transport = Transport.ssh(
                new SshSettings(
                        sshConfig == null ? null : sshConfig.toAbsolutePath().toString(), Duration.ofSeconds(10)),
                root);
        // the ports checked are those of the largest run the hosts hold: half Kafka, half Spark, a generator node
        int generators = names.size() >= 3 ? 1 : 0;
        int kafka = (names.size() - generators + 1) / 2;
        int spark = names.size() - generators - kafka;
        List<Layout.Host> resolved;
        try {
            resolved = UpCommand.resolve(names);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "--hosts: " + e.getMessage());
        }
        Topology topology = Layout.assign(resolved, kafka, spark, 1, generators);
        ClusterSpec spec = new ClusterSpec(
                kafka,
                spark,
                1,
                KafkaMode.ZOOKEEPER,
                2,
                "2g",
                ClusterSpec.Heaps.defaults(),
                ClusterSpec.Ports.defaults(),
                "check");
        Deployment deployment = Deployment.plan(
                "check", spec, topology, transport, local, new TemplateRenderer(home.resolve("templates")));
        List<Preflight.NodeNeeds> needs = Preflight.of(
                topology.nodes().stream().map(Node::name).toList(),
                deployment.daemons(),
                local.java(),
                root,
                1L << 30,
                sharedFilesystem ? NativeCheck.command(local.java()) : null);
        List<ControlPlaneCheck.Step> steps;
        try (Remotes remotes = new Remotes(transport)) {
            steps = ControlPlaneCheck.run(
                    new ControlPlaneCheck.Plan(needs, root, sharedFilesystem ? null : base + "/runtime"),
                    remotes,
                    local);
        }
        out.printf(
                Locale.ROOT,
                "%d hosts (ports checked as for %dx%d%s)%n",
                names.size(),
                kafka,
                spark,
                generators > 0 ? " and a generator node" : "");
        out.printf(Locale.ROOT, "%-12s %9s  %s%n", "step", "seconds", "problems");
        double total = 0;
        for (ControlPlaneCheck.Step s : steps) {
            total += s.seconds();
            out.printf(
                    Locale.ROOT,
                    "%-12s %9.2f  %s%n",
                    s.name(),
                    s.seconds(),
                    s.problems().isEmpty() ? "none" : s.problems().size() + " (below)");
        }
        out.printf(Locale.ROOT, "%-12s %9.2f%n", "total", total);
        long bad = steps.stream().mapToLong(s -> s.problems().size()).sum();
        steps.forEach(s -> s.problems().forEach(p -> out.printf(Locale.ROOT, "  %s: %s%n", s.name(), p)));
        out.flush();
        return bad == 0 ? 0 : 2;
    }
}
