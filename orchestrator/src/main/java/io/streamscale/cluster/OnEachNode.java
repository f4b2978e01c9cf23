package io.streamscale.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one step on several nodes at once (checks, uploads, starts, stops, fetches, clock reads); a node's failure names
 * the node. Every cluster-wide step goes through here, so its fan-out is bounded in one place: at most {@link #FAN_OUT}
 * nodes at a time, each over its one connection ({@link Remotes}).
 */
public final class OnEachNode {
    /**
     * Nodes worked on at once. A step mostly waits on its node, so a thread each is cheap; the bound protects this
     * machine (a login node shared with others): each new connection costs it an SSH key exchange and every node's
     * channel a thread. Measured on 64 emulated nodes (bench/scale.sh): 32 at once took 64.7 s for the control plane,
     * 64 at once 102 s (the nodes' JVMs and sshds all contending at one instant).
     */
    public static final int FAN_OUT = 32;

    private OnEachNode() {}

    /**
     * @param items the nodes (or each node's thing: a daemon to start) to work on
     * @return each item's result, in the order given
     * @throws RuntimeException the first item's failure, once every item has finished
     */
    public static <K, T> Map<K, T> apply(List<K> items, Function<K, T> step) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(FAN_OUT, items.size())));
        try {
            Map<K, Future<T>> futures = new LinkedHashMap<>();
            for (K n : items) {
                futures.put(n, pool.submit(() -> step.apply(n)));
            }
            Map<K, T> results = new LinkedHashMap<>();
            List<RuntimeException> failures = new ArrayList<>();
            for (var e : futures.entrySet()) {
                try {
                    results.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    failures.add(
                            ex.getCause() instanceof RuntimeException r
                                    ? r
                                    : new IllegalStateException(
                                            e.getKey() + ": " + ex.getCause().getMessage(), ex.getCause()));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while working on " + e.getKey(), ex);
                }
            }
            if (!failures.isEmpty()) {
                RuntimeException first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs a step that reports its problems instead of throwing on every node at once: their problems, in node order. */
    public static <K> List<String> problems(List<K> items, Function<K, List<String>> step) {
        return apply(items, step).values().stream().flatMap(List::stream).toList();
    }
}
