package io.streamscale.cluster;

import io.streamscale.fault.TrafficCut;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import io.streamscale.runtime.RuntimeLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run does on its nodes before its first daemon starts and after its last one stops, with nothing started in
 * between: connect, stop an earlier run's leftovers, check every node, clear stale traffic rules,
 * install the runtime, read the clocks with the runtime's JVM, remove the scratch. Each step is the run's own (the same
 * classes, in the same order as {@code Placement} and teardown), on every node at once, and timed: `streamscale check`
 * tells a user whether the nodes are fit before a long study, and bench/scale.sh measures how the control plane grows
 * with the node count. A step's failure is reported and the next steps still run, teardown always.
 */
public final class ControlPlaneCheck {
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneCheck.class);

    /** One step: its seconds on all nodes, and what went wrong where (empty: every node passed). */
    public record Step(String name, double seconds, List<String> problems) {}

    /**
     * What the nodes are checked for.
     *
     * @param needs        each node's JDK, scratch, free space and ports (the ports of the run the hosts would hold)
     * @param nodeRoot     the run's directory on each node, removed at the end
     * @param runtimeCache where the runtime is installed on the nodes, or null where they share this machine's files
     */
    public record Plan(List<Preflight.NodeNeeds> needs, String nodeRoot, String runtimeCache) {
        List<String> nodes() {
            return needs.stream().map(Preflight.NodeNeeds::node).toList();
        }
    }

    private ControlPlaneCheck() {}

    /** Runs every step in order; the remotes stay open (the caller closes them). */
    public static List<Step> run(Plan plan, Function<String, Remote> remotes, RuntimeLayout local) {
        List<String> nodes = plan.nodes();
        List<Step> steps = new ArrayList<>();
        RuntimeLayout[] runtime = {local};
        List<Preflight.Failure> unreached = new ArrayList<>();
        steps.add(step("connect", () -> {
            unreached.addAll(Preflight.reach(nodes, remotes));
            return unreached.stream().map(f -> f.node() + ": " + f.found()).toList();
        }));
        steps.add(step(
                "sweep",
                () -> StaleDaemons.sweep(nodes, remotes).stream()
                        .map(s -> s.node() + ": stopped a leftover daemon " + s.marker() + " (pid " + s.pid() + ")")
                        .toList()));
        steps.add(step("preflight", () -> {
            Preflight.check(plan.needs(), remotes, unreached);
            return List.of();
        }));
        steps.add(step(
                "rules",
                () -> OnEachNode.problems(nodes, n -> {
                    TrafficCut.clearAll(remotes.apply(n));
                    return List.of();
                })));
        if (plan.runtimeCache() != null) {
            steps.add(step("runtime", () -> {
                runtime[0] = RuntimeShipper.ship(local, nodes, remotes, plan.runtimeCache());
                return List.of();
            }));
        }
        steps.add(step(
                "clocks-jvm",
                () -> clockProblems(ClockOffsets.read(nodes, remotes, ClockOffsets.Probe.jvm(runtime[0])))));
        steps.add(step(
                "teardown",
                () -> OnEachNode.problems(nodes, n -> {
                    try {
                        Remote r = remotes.apply(n);
                        TrafficCut.clearAll(r);
                        r.run("rm -rf " + Shell.quote(plan.nodeRoot()), Duration.ofMinutes(2));
                        return List.of();
                    } catch (RuntimeException e) {
                        return List.of(n + ": " + e.getMessage());
                    }
                })));
        return steps;
    }

    private static List<String> clockProblems(ClockOffsets.Readings r) {
        return r.failures().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .toList();
    }

    /** Times one step; a step that throws is a problem of that step, not the end of the check. */
    private static Step step(String name, Supplier<List<String>> body) {
        long t0 = System.nanoTime();
        List<String> problems;
        try {
            problems = body.get();
        } catch (PreflightException e) {
            problems = e.failures().stream()
                    .map(f -> f.node() + ": " + f.check() + ": " + f.found())
                    .toList();
        } catch (RuntimeException e) {
            problems = List.of(String.valueOf(e.getMessage()));
        }
        double s = (System.nanoTime() - t0) / 1e9;
        log.info("check: {} in {} ms{}", name, Math.round(s * 1000), problems.isEmpty() ? "" : ", " + problems);
        return new Step(name, s, List.copyOf(problems));
    }
}
