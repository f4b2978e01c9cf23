package io.streamscale.cli;

import io.streamscale.cluster.ClusterState;
import io.streamscale.cluster.ClusterTeardown;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.StaleDaemons;
import io.streamscale.cluster.StateDir;
import io.streamscale.cluster.Transport;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.SshSettings;
import io.streamscale.service.DaemonController;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Stop every daemon that `up` started (Spark, then Kafka, then ZooKeeper): SIGTERM, then SIGKILL "
                    + "after the grace period. Removes their data, keeps configs and logs in --state, then checks that no "
                    + "recorded process is alive and no endpoint still listens. Exits 1 if anything was left behind. With "
                    + "--orphans: stop the daemons any run or cluster of yours left behind (a run does it on its nodes "
                    + "itself)."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale down",
            "  streamscale down --orphans",
            "  streamscale down --orphans --hosts node053,node054,node055"
        })
final class DownCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Mixin
    StateOption stateOption;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            defaultValue = "20s",
            converter = DurationConverter.class,
            description =
                    "How long each daemon may take to exit after SIGTERM before SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(
            names = "--keep-data",
            description = "Keep the daemons' data directories (Kafka logs, ZooKeeper snapshots).")
    boolean keepData;

    @Option(
            names = "--orphans",
            description =
                    "Instead of an `up` cluster: stop every daemon of yours that any run or"
                            + " cluster left behind (an orchestrator killed by the walltime, preemption or kill -9 tears nothing down), found"
                            + " by the marker each daemon carries; on this machine, or on --hosts. A run does this on its own nodes before it starts.")
    boolean orphans;

    @Option(
            names = "--hosts",
            paramLabel = "HOST,...",
            split = ",",
            description = "With --orphans: these hosts, over SSH"
                    + " (the nodes a killed run held; only daemons whose marker names the host are stopped).")
    List<String> hosts;

    @Option(
            names = "--ssh-config",
            paramLabel = "FILE",
            description = "OpenSSH-style config for --hosts (default: ~/.ssh/config).")
    Path sshConfig;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        if (orphans) {
            return orphans(out);
        }
        if (hosts != null) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(), "--hosts goes with --orphans (an `up` cluster's hosts are in --state)");
        }
        StateDir stateDir = stateOption.stateDir();
        Optional<ClusterState> loaded = stateDir.load();
        if (loaded.isEmpty()) {
            out.println("no cluster recorded in " + stateDir.root() + ": nothing to stop");
            return 0;
        }
        ClusterState state = loaded.get();
        long t0 = System.nanoTime();
        try (Remotes remotes = new Remotes(state.transport())) {
            List<String> problems =
                    new ClusterTeardown(new DaemonController(remotes), stateDir).down(state, grace, !keepData);
            if (!problems.isEmpty()) {
                cmd.commandLine().getErr().println("error: teardown left things behind:");
                problems.forEach(p -> cmd.commandLine().getErr().println("  " + p));
                return 1;
            }
        }
        out.printf(
                "cluster %s is down: %d daemons stopped in %.1f s; logs in %s%n",
                state.clusterId(), state.daemons().size(), (System.nanoTime() - t0) / 1e9, stateDir.logsDir());
        out.flush();
        return 0;
    }

    private int orphans(PrintWriter out) {
        List<StaleDaemons.Stopped> stopped;
        if (hosts == null || hosts.isEmpty()) {
            stopped = StaleDaemons.sweep(new LocalRemote("this machine"), StaleDaemons.ANY_NODE, "this machine");
        } else {
            Transport t = Transport.ssh(
                    new SshSettings(
                            sshConfig == null
                                    ? null
                                    : sshConfig.toAbsolutePath().toString(),
                            Duration.ofSeconds(10)),
                    "/tmp");
            try (Remotes remotes = new Remotes(t)) {
                stopped = new ArrayList<>();
                for (String h : hosts) {
                    try {
                        stopped.addAll(StaleDaemons.sweep(h, remotes.apply(h)));
                    } catch (RuntimeException e) {
                        cmd.commandLine().getErr().println("error: " + h + ": could not be swept: " + e.getMessage());
                        return 1;
                    }
                }
            }
        }
        stopped.forEach(s -> out.printf("stopped %s on %s (pid %d)%n", s.marker(), s.node(), s.pid()));
        out.printf("%d orphaned daemon(s) stopped%n", stopped.size());
        out.flush();
        return 0;
    }
}
