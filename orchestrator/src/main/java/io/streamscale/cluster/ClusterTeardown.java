package io.streamscale.cluster;

import io.streamscale.fault.TrafficCut;
import io.streamscale.service.DaemonController;
import io.streamscale.service.Endpoint;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a cluster in reverse start order (workers, master, brokers, ZooKeeper): each tier gets SIGTERM together, then
 * SIGKILL for whatever outlives the grace period, every node of a tier at once (bounded by {@link OnEachNode}). Then data is removed (if asked), every daemon's log is copied into
 * the state directory, and the result is checked: no recorded pid alive, no endpoint listening. Each step's failures are
 * collected, never allowed to hide the others.
 */
public final class ClusterTeardown {
    private static final Logger log = LoggerFactory.getLogger(ClusterTeardown.class);
    private final DaemonController controller;
    private final StateDir stateDir;
    private final Set<String> unfetched = new ConcurrentSkipListSet<>();

    public ClusterTeardown(DaemonController controller, StateDir stateDir) {
        this.controller = controller;
        this.stateDir = stateDir;
    }

    /** @return problems left behind (empty when everything is gone) */
    public List<String> down(ClusterState state, Duration grace, boolean clean) {
        List<String> problems = new ArrayList<>();
        Map<ServiceKind, List<RunningDaemon>> byKind = new TreeMap<>(Comparator.reverseOrder());
        for (RunningDaemon d : state.daemons()) {
            byKind.computeIfAbsent(d.spec().kind(), k -> new ArrayList<>()).add(d);
        }
        Map<String, List<RunningDaemon>> all = byNode(state.daemons());
        List<String> nodes = List.copyOf(all.keySet());
        long t0 = System.nanoTime();
        // what a fault may have left (the orchestrator died mid-partition or mid-pause): our iptables rules, and
        // daemons stopped with SIGSTOP, which would sit out SIGTERM until SIGKILL
        problems.addAll(OnEachNode.problems(nodes, node -> {
            List<String> p = new ArrayList<>();
            attempt(p, node + ": clear fault rules", () -> TrafficCut.clearAll(controller.remoteOf(node)));
            for (RunningDaemon d : all.get(node)) {
                attempt(p, d.label() + ": SIGCONT", () -> controller.signal(d, "CONT"));
            }
            return p;
        }));
        // tier by tier in reverse start order, every node of a tier at once: 40 daemons stop in four waits, not forty
        for (var tier : byKind.entrySet()) {
            long t = System.nanoTime();
            Map<String, List<RunningDaemon>> tierNodes = byNode(tier.getValue());
            problems.addAll(OnEachNode.problems(List.copyOf(tierNodes.keySet()), node -> {
                List<String> p = new ArrayList<>();
                for (RunningDaemon d : tierNodes.get(node)) {
                    attempt(p, d.label() + ": SIGTERM", () -> controller.terminate(d));
                }
                for (RunningDaemon d : tierNodes.get(node)) {
                    attempt(p, d.label() + ": stop", () -> controller.stop(d, grace));
                }
                return p;
            }));
            log.info(
                    "teardown: {} on {} node(s) stopped in {} ms",
                    tier.getKey().name().toLowerCase(Locale.ROOT),
                    tierNodes.size(),
                    (System.nanoTime() - t) / 1_000_000);
        }
        long t1 = System.nanoTime();
        problems.addAll(OnEachNode.problems(nodes, node -> {
            List<String> p = new ArrayList<>();
            for (RunningDaemon d : all.get(node)) {
                if (clean) {
                    attempt(p, d.label() + ": clean", () -> controller.clean(d.spec()));
                }
                if (!attempt(
                        p, d.label() + ": fetch log", () -> controller.fetchLog(d, stateDir.localLogCopy(d.spec())))) {
                    unfetched.add(node);
                }
            }
            return p;
        }));
        log.info(
                "teardown: every daemon on {} node(s) stopped in {} ms; data removed and logs fetched in {} ms",
                nodes.size(),
                (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
        problems.addAll(OnEachNode.problems(nodes, node -> {
            List<String> p = new ArrayList<>();
            for (RunningDaemon d : all.get(node)) {
                attempt(p, d.label() + ": check", () -> {
                    if (controller.isAlive(d)) {
                        p.add(d.label() + " is still running");
                    }
                });
                for (Endpoint e : d.spec().endpoints()) {
                    if (e.accepting()) {
                        p.add(e + " (" + e.purpose() + ") on " + node + " still accepts connections");
                    }
                }
            }
            return p;
        }));
        stateDir.save(state.with(problems.isEmpty() ? "down" : "failed", state.daemons()));
        return problems;
    }

    /** The daemons of each node, nodes in the order their first daemon was started. */
    private static Map<String, List<RunningDaemon>> byNode(List<RunningDaemon> daemons) {
        Map<String, List<RunningDaemon>> m = new LinkedHashMap<>();
        daemons.forEach(
                d -> m.computeIfAbsent(d.spec().node(), k -> new ArrayList<>()).add(d));
        return m;
    }

    /** Nodes a daemon's log could not be fetched from in {@link #down}: their scratch must stay. */
    public Set<String> unfetched() {
        return Set.copyOf(unfetched);
    }

    private static boolean attempt(List<String> problems, String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) { // teardown goes on: one failure must not leave the rest running
            log.warn("{} failed: {}", what, e.getMessage());
            problems.add(what + " failed: " + e.getMessage());
            return false;
        }
    }
}
