package io.streamscale.cli;

import io.streamscale.cluster.ClusterState;
import io.streamscale.cluster.ClusterStatus;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.StateDir;
import io.streamscale.service.DaemonController;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show each daemon of the cluster recorded in --state: node, pid, alive, ready. Exits 0 only if every "
                    + "daemon is alive and its readiness probe says ready, 1 otherwise."
        })
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Mixin
    StateOption stateOption;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        StateDir stateDir = stateOption.stateDir();
        Optional<ClusterState> loaded = stateDir.load();
        if (loaded.isEmpty()) {
            out.println("no cluster recorded in " + stateDir.root());
            return 1;
        }
        ClusterState state = loaded.get();
        try (Remotes remotes = new Remotes(state.transport())) {
            List<ClusterStatus.Line> lines = ClusterStatus.check(state, new DaemonController(remotes));
            out.printf("cluster %s (%s, recorded status: %s)%n", state.clusterId(), stateDir.root(), state.status());
            out.printf(
                    "%-10s %-16s %-16s %8s  %-5s  %-5s  %s%n",
                    "NODE", "ADDRESS", "SERVICE", "PID", "ALIVE", "READY", "DETAIL");
            for (ClusterStatus.Line l : lines) {
                var s = l.daemon().spec();
                out.printf(
                        "%-10s %-16s %-16s %8d  %-5s  %-5s  %s%n",
                        s.node(),
                        s.address(),
                        s.id(),
                        l.daemon().pid(),
                        l.alive() ? "yes" : "no",
                        l.ready() ? "yes" : "no",
                        l.probe().detail());
            }
            boolean allReady = !lines.isEmpty() && lines.stream().allMatch(ClusterStatus.Line::ready);
            out.println(allReady ? "all " + lines.size() + " daemons ready" : "NOT all daemons are ready");
            out.flush();
            return allReady ? 0 : 1;
        }
    }
}
