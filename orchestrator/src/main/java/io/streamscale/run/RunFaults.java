package io.streamscale.run;

import io.streamscale.cluster.ClusterLauncher;
import io.streamscale.cluster.OnEachNode;
import io.streamscale.cluster.Remotes;
import io.streamscale.fault.FaultAction;
import io.streamscale.fault.FaultInjector;
import io.streamscale.fault.FaultLog;
import io.streamscale.fault.FaultSpec;
import io.streamscale.fault.Isolation;
import io.streamscale.fault.TrafficCut;
import io.streamscale.remote.Remote;
import io.streamscale.results.RunDirectory;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceKind;
import io.streamscale.topology.Node;
import io.streamscale.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A run's faults: checked before anything starts, and an injector wired to the run's cluster, driver and topic. */
final class RunFaults {
    private static final Logger log = LoggerFactory.getLogger(RunFaults.class);

    private RunFaults() {}

    /** A partition fault needs root and iptables on the nodes: checked before anything starts. */
    static void checkPossible(List<FaultSpec> faults, List<String> nodes, Remotes remotes) {
        if (faults.stream().noneMatch(f -> f.action() == FaultAction.PARTITION)) {
            return;
        }
        OnEachNode.apply(nodes, n -> {
            var r = remotes.apply(n).exec(TrafficCut.PROBE, Duration.ofSeconds(30));
            if (!r.ok()) {
                throw new IllegalStateException("a partition fault needs root and iptables on every node; on " + n
                        + " `" + TrafficCut.PROBE + "` failed: " + r.stderr().strip());
            }
            return null;
        });
    }

    /** The injector of {@code spec}'s faults, or null when it has none; a restarted driver goes back to {@code scorer}. */
    static FaultInjector injector(
            RunSpec spec,
            RunDirectory dir,
            ClusterLauncher launcher,
            DaemonController controller,
            ScorerSupervisor scorer,
            Remotes remotes,
            KafkaAccess kafka) {
        if (spec.faults().isEmpty()) {
            return null;
        }
        FaultInjector.Cluster cluster = new FaultInjector.Cluster() {
            @Override
            public List<RunningDaemon> daemons() {
                return launcher.state().daemons();
            }

            @Override
            public RunningDaemon relaunch(DaemonSpec d) {
                RunningDaemon again = launcher.launch(d);
                if (d.kind() == ServiceKind.SCORER) {
                    scorer.relaunched(again);
                }
                return again;
            }

            @Override
            public Optional<String> leaderNode(int partition) {
                return TopicAdmin.leader(kafka, PipelineRun.TOPIC, partition)
                        .flatMap(id -> daemons().stream()
                                .filter(d -> d.spec().id().equals("kafka-" + id))
                                .map(d -> d.spec().node())
                                .findFirst());
            }

            /** The isolation each cut daemon got, so its heal removes the same rules (its process may be gone by then). */
            private final Map<Long, Isolation> isolated = new ConcurrentHashMap<>();

            @Override
            public void partition(RunningDaemon d, boolean cut) {
                Remote node = remotes.apply(d.spec().node());
                Isolation isolation =
                        cut ? isolationOf(d, node) : isolated.getOrDefault(d.pid(), Isolation.none("unknown"));
                if (cut) {
                    log.info("{} {}: partition: {}", d.spec().node(), d.spec().id(), isolation.how());
                }
                TrafficCut.apply(node, d, isolation, cut);
                try {
                    TrafficCut.confirm(d, cut, Duration.ofSeconds(15));
                } catch (RuntimeException e) {
                    if (cut) {
                        TrafficCut.apply(
                                node, d, isolation, false); // a cut that does not cut is taken back, not left half-done
                    }
                    throw e;
                }
                if (cut) {
                    isolated.put(d.pid(), isolation);
                } else {
                    isolated.remove(d.pid());
                }
            }

            private Isolation isolationOf(RunningDaemon d, Remote node) {
                Topology t = launcher.state().topology();
                List<String> peers = t.nodes().stream()
                        .filter(n -> !n.name().equals(d.spec().node()))
                        .map(Node::address)
                        .toList();
                return TrafficCut.isolation(node, d, t.node(d.spec().node()).address(), peers);
            }
        };
        FaultInjector i = new FaultInjector(
                spec.faults(),
                spec.load().warmup(),
                spec.load().duration(),
                controller,
                cluster,
                new FaultLog(dir.faults()),
                Instant::now);
        log.info(
                "faults: {} strike(s) and heal(s) scheduled; see {}",
                i.schedule().size(),
                dir.faults());
        return i;
    }

    /** The final heal, on every exit path: nothing stays paused or cut off. */
    static void healAll(FaultInjector injector, Duration sinceLoadStart) {
        if (injector != null) {
            try {
                injector.healAll(sinceLoadStart);
            } catch (RuntimeException e) {
                log.error("faults: final heal failed: {}", e.getMessage());
            }
        }
    }
}
