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

/** Runs one step on several nodes at once (uploads, fetches, clock reads); a node's failure names the node. */
public final class OnEachNode {
    private OnEachNode() {}

    /**
     * @return each node's result, in the order given
     * @throws RuntimeException the first node's failure, once every node has finished
     */
    public static <T> Map<String, T> apply(List<String> nodes, Function<String, T> step) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(16, nodes.size())));
        try {
            Map<String, Future<T>> futures = new LinkedHashMap<>();
            for (String n : nodes) {
                futures.put(n, pool.submit(() -> step.apply(n)));
            }
            Map<String, T> results = new LinkedHashMap<>();
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
}
