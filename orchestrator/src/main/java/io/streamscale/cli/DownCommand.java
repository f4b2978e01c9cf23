package io.streamscale.cli;

import io.streamscale.cluster.ClusterState;
import io.streamscale.cluster.ClusterTeardown;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.StateDir;
import io.streamscale.service.DaemonController;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = {"Stop every daemon that `up` started (Spark, then Kafka, then ZooKeeper): SIGTERM, then SIGKILL",
                "after the grace period. Removes their data, keeps configs and logs in --state, then checks that no",
                "recorded process is alive and no endpoint still listens. Exits 1 if anything was left behind."})
final class DownCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Mixin
    StateOption stateOption;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "How long each daemon may take to exit after SIGTERM before SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--keep-data", description = "Keep the daemons' data directories (Kafka logs, ZooKeeper snapshots).")
    boolean keepData;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        StateDir stateDir = stateOption.stateDir();
        Optional<ClusterState> loaded = stateDir.load();
        if (loaded.isEmpty()) {
            out.println("no cluster recorded in " + stateDir.root() + ": nothing to stop");
            return 0;
        }
        ClusterState state = loaded.get();
        long t0 = System.nanoTime();
        try (Remotes remotes = new Remotes(state.transport())) {
            List<String> problems = new ClusterTeardown(new DaemonController(remotes), stateDir)
                    .down(state, grace, !keepData);
            if (!problems.isEmpty()) {
                cmd.commandLine().getErr().println("error: teardown left things behind:");
                problems.forEach(p -> cmd.commandLine().getErr().println("  " + p));
                return 1;
            }
        }
        out.printf("cluster %s is down: %d daemons stopped in %.1f s; logs in %s%n", state.clusterId(),
                state.daemons().size(), (System.nanoTime() - t0) / 1e9, stateDir.logsDir());
        out.flush();
        return 0;
    }
}
