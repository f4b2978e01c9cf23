package io.streamscale.cluster;

import io.streamscale.readiness.Readiness;
import io.streamscale.service.ClusterPlan;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.SparkAuth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a cluster up, each start chain on its own thread, and records every launch in the state directory as it
 * happens. If anything fails, or {@link #cancel()} is called (Ctrl-C), the other chains stop and whatever had started
 * is stopped before {@link #up} returns or throws.
 */
public final class ClusterLauncher {
    private static final Logger log = LoggerFactory.getLogger(ClusterLauncher.class);
    private final DaemonController controller;
    private final StateDir stateDir;
    private final Duration readyTimeout;
    private final List<RunningDaemon> launched = new ArrayList<>();
    /** Each planned daemon's place in the layout: the state lists daemons in it, however their starts interleave. */
    private Map<String, Integer> layoutOrder = Map.of();

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean cancelled;
    private ClusterState state;

    public ClusterLauncher(DaemonController controller, StateDir stateDir, Duration readyTimeout) {
        this.controller = controller;
        this.stateDir = stateDir;
        this.readyTimeout = readyTimeout;
    }

    /**
     * Starts every chain and waits until every daemon is ready.
     *
     * @return the state with every daemon and status {@code up}
     * @throws RuntimeException the first failure (port taken, daemon died, not ready in time, cancelled); everything
     *                          started was stopped and the state records status {@code failed}
     */
    public ClusterState up(Deployment deployment) {
        List<ClusterPlan.Chain> chains = deployment.chains();
        state = deployment.initialState();
        Map<String, Integer> order = new HashMap<>();
        deployment.daemons().forEach(d -> order.putIfAbsent(key(d), order.size()));
        layoutOrder = order;
        ExecutorService pool = Executors.newFixedThreadPool(chains.size());
        try {
            stateDir.save(state);
            // each node's root is the user's alone (0700), whether or not a preflight created it; then the run's
            // secrets, every node at once
            Map<String, Map<String, byte[]>> secrets = secretFiles(deployment);
            OnEachNode.apply(deployment.context().topology().nodes(), n -> {
                controller.createPrivateDir(n.name(), deployment.transport().nodeRoot());
                secrets.getOrDefault(n.name(), Map.of())
                        .forEach((file, content) -> controller.writePrivate(n.name(), file, content));
                return n;
            });
            List<Future<?>> running = new ArrayList<>();
            for (ClusterPlan.Chain c : chains) {
                running.add(pool.submit(() -> startChain(c)));
            }
            RuntimeException failure = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    cancelled = true; // the other chains give up at their next step
                    RuntimeException cause =
                            e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    if (failure == null || failure instanceof Readiness.Cancelled) {
                        failure = cause;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled = true;
                    failure = new Readiness.Cancelled("cluster start-up");
                }
            }
            if (failure != null) {
                throw failure;
            }
            return record("up", null);
        } catch (RuntimeException e) {
            cancelled = true;
            log.error("start-up failed: {}; stopping the {} daemon(s) already started", firstLine(e), launched.size());
            ClusterState failed = record("failed", null);
            new ClusterTeardown(controller, stateDir).down(failed, Duration.ofSeconds(10), true);
            throw e;
        } finally {
            pool.shutdownNow();
            finished.countDown();
        }
    }

    private void startChain(ClusterPlan.Chain chain) {
        for (List<DaemonSpec> tier : chain.tiers()) {
            // a tier's daemons are on different nodes: launched at once, so 32 brokers cost one launch, not 32
            List<RunningDaemon> started = List.copyOf(OnEachNode.apply(tier, spec -> {
                        if (cancelled) {
                            throw new Readiness.Cancelled(spec.label());
                        }
                        stateDir.keepConfigs(spec);
                        RunningDaemon d = controller.launch(spec);
                        record("starting", d);
                        return d;
                    })
                    .values());
            for (RunningDaemon d : started) {
                long t0 = System.nanoTime();
                controller.awaitReady(d, readyTimeout, () -> cancelled);
                log.info(
                        "{}: ready ({} ms after its wait began)",
                        d.spec().label(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    /** Each node's secret files (Spark's secret; Flink's and Kafka's key material when the run has them). */
    private static Map<String, Map<String, byte[]>> secretFiles(Deployment deployment) {
        Map<String, Map<String, byte[]>> files = new LinkedHashMap<>();
        SparkAuth.files(deployment.context())
                .forEach((node, file) -> files.computeIfAbsent(node, k -> new LinkedHashMap<>())
                        .put(file, deployment.sparkAuth().secret().getBytes(StandardCharsets.UTF_8)));
        if (deployment.flinkAuth() != null) {
            deployment
                    .flinkAuth()
                    .files(deployment.context())
                    .forEach((node, f) -> files.computeIfAbsent(node, k -> new LinkedHashMap<>())
                            .putAll(f));
        }
        if (deployment.context().kafkaAuth() != null) {
            deployment
                    .context()
                    .kafkaAuth()
                    .files(deployment.context())
                    .forEach((node, f) ->
                            f.forEach((file, text) -> files.computeIfAbsent(node, k -> new LinkedHashMap<>())
                                    .put(file, text.getBytes(StandardCharsets.UTF_8))));
        }
        return files;
    }

    /**
     * Launches one more daemon into the running cluster (a job: scorer, generators) and records it, so teardown stops it.
     */
    public RunningDaemon launch(DaemonSpec spec) {
        stateDir.keepConfigs(spec);
        RunningDaemon d = controller.launch(spec);
        record(state.status(), d);
        return d;
    }

    /** The state as recorded so far (every daemon launched, whatever happened next). */
    public synchronized ClusterState state() {
        return state;
    }

    /** Adds a launched daemon (if any) and saves the state: launches are recorded before anything else happens. */
    private synchronized ClusterState record(String status, RunningDaemon added) {
        if (added != null) {
            launched.add(added);
            // stable: a tier launched at once is recorded in layout order (faults choose "the first" by it), jobs
            // and a daemon's later incarnations after what was there before them
            launched.sort(Comparator.comparingInt(d -> layoutOrder.getOrDefault(key(d.spec()), Integer.MAX_VALUE)));
        }
        state = state.with(status, launched);
        stateDir.save(state);
        return state;
    }

    private static String key(DaemonSpec d) {
        return d.node() + "/" + d.id();
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Asks a running {@link #up} to stop starting things and tear down (safe from a shutdown hook). */
    public void cancel() {
        cancelled = true;
    }

    /** Waits until {@link #up} has returned or thrown, teardown included. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
