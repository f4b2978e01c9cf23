package io.streamscale.cluster;

import io.streamscale.fault.TrafficCut;
import io.streamscale.service.DaemonController;
import io.streamscale.service.Endpoint;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 * SIGKILL for whatever outlives the grace period. Then data is removed (if asked), every daemon's log is copied into
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
        long t0 = System.nanoTime();
        // what a fault may have left (the orchestrator died mid-partition or mid-pause): our iptables rules, and
        // daemons
        // stopped with SIGSTOP, which would sit out SIGTERM until SIGKILL
        for (String node :
                state.daemons().stream().map(d -> d.spec().node()).distinct().toList()) {
            attempt(problems, node + ": clear fault rules", () -> TrafficCut.clearAll(controller.remoteOf(node)));
        }
        for (RunningDaemon d : state.daemons()) {
            attempt(problems, d.label() + ": SIGCONT", () -> controller.signal(d, "CONT"));
        }
        for (var tier : byKind.entrySet()) {
            long t = System.nanoTime();
            for (RunningDaemon d : tier.getValue()) {
                attempt(problems, d.label() + ": SIGTERM", () -> controller.terminate(d));
            }
            for (RunningDaemon d : tier.getValue()) {
                attempt(problems, d.label() + ": stop", () -> controller.stop(d, grace));
            }
            log.info(
                    "teardown: {} stopped in {} ms",
                    tier.getKey().name().toLowerCase(Locale.ROOT),
                    (System.nanoTime() - t) / 1_000_000);
        }
        long t1 = System.nanoTime();
        for (RunningDaemon d : state.daemons()) {
            if (clean) {
                attempt(problems, d.label() + ": clean", () -> controller.clean(d.spec()));
            }
            if (!attempt(
                    problems,
                    d.label() + ": fetch log",
                    () -> controller.fetchLog(d, stateDir.localLogCopy(d.spec())))) {
                unfetched.add(d.spec().node());
            }
        }
        log.info(
                "teardown: every daemon stopped in {} ms; data removed and logs fetched in {} ms",
                (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
        for (RunningDaemon d : state.daemons()) {
            attempt(problems, d.label() + ": check", () -> {
                if (controller.isAlive(d)) {
                    problems.add(d.label() + " is still running");
                }
            });
            for (Endpoint e : d.spec().endpoints()) {
                if (e.accepting()) {
                    problems.add(e + " (" + e.purpose() + ") on " + d.spec().node() + " still accepts connections");
                }
            }
        }
        stateDir.save(state.with(problems.isEmpty() ? "down" : "failed", state.daemons()));
        return problems;
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
