package io.streamscale.run;

import io.streamscale.cluster.NodeFiles;
import io.streamscale.cluster.OnEachNode;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.Site;
import io.streamscale.model.ModelCache;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import io.streamscale.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a run scores with: the given one, or its spec's from the cache, trained meanwhile (while the cluster
 * starts) when the cache has none; installed on the nodes that need it when they do not share this machine's files.
 */
final class RunModel {
    private static final Logger log = LoggerFactory.getLogger(RunModel.class);
    private final RunSpec spec;
    private final ModelCache models;
    private final ModelTrainer trainer;
    private final RunRecord record;
    private volatile boolean stopped;
    private CompletableFuture<Path> training;

    RunModel(RunSpec spec, ModelCache models, ModelTrainer trainer, RunRecord record) {
        this.spec = spec;
        this.models = models;
        this.trainer = trainer;
        this.record = record;
    }

    /** Starts getting the model, trained at {@code place} if it must be; {@code cancelled} stops a training under way. */
    synchronized void start(String tag, BooleanSupplier cancelled, ModelTrainer.Place place) {
        training = spec.model().path() != null
                ? CompletableFuture.completedFuture(Path.of(spec.model().path()))
                : CompletableFuture.supplyAsync(() -> {
                    ModelTrainer.Result m = trainer.obtain(
                            spec.model().training(), place, tag, () -> cancelled.getAsBoolean() || stopped);
                    record.modelObtained(m.cached(), m.trainedOn());
                    log.info(
                            "model: {} {} {}",
                            spec.model().training().describe(),
                            m.cached() ? "from the cache:" : "trained on " + m.trainedOn() + " into the cache:",
                            m.dir());
                    return m.dir();
                });
    }

    /**
     * Where a model not in the cache is trained: this machine in local mode, else a reserved node (the first generator
     * node's, idle until the load), never the machine the orchestrator runs on.
     *
     * @param scratch where on the node to train when it does not see this machine's files, else null
     */
    static ModelTrainer.Place trainingPlace(
            Site site, Topology topology, Remotes remotes, RuntimeLayout local, RuntimeLayout onNodes, String scratch) {
        if (site.isLocal()) {
            return ModelTrainer.Place.local(local);
        }
        Node node = topology.nodes().stream()
                .filter(n -> n.has(Role.GENERATOR))
                .findFirst()
                .orElse(topology.nodes().get(topology.nodes().size() - 1));
        return new ModelTrainer.Place(node, remotes.apply(node.name()), onNodes, scratch);
    }

    /** Waits for the model and returns it as the jobs see it (installed at {@code nodePath} when files are shipped). */
    String await(boolean ships, Topology topology, Remotes remotes, String nodePath) {
        Path local;
        try {
            local = training.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (!ships) {
            return local.toString();
        }
        List<String> users = topology.nodes().stream()
                .filter(n -> n.has(Role.SPARK_WORKER) || n.has(Role.GENERATOR))
                .map(n -> n.name())
                .toList();
        OnEachNode.apply(users, n -> NodeFiles.install(remotes.apply(n), local, nodePath));
        log.info("model: installed on {} at {}", String.join(", ", users), nodePath);
        return nodePath;
    }

    /** A run that failed before its model was ready does not leave the trainer running. */
    void stop() {
        stopped = true;
        CompletableFuture<Path> t;
        synchronized (this) {
            t = training;
        }
        if (t != null) {
            try {
                t.get(2, TimeUnit.MINUTES);
            } catch (Exception e) { // its failure, if any, was reported or is beside the point now
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.debug("trainer: {}", e.getMessage());
            }
        }
    }

    /** The model the run scored with, or null if there is none (the run failed before it was trained). */
    Path dir() {
        try {
            Path model = spec.model().path() != null
                    ? Path.of(spec.model().path())
                    : models.dir(spec.model().training());
            return Files.exists(model.resolve("model.json")) ? model : null;
        } catch (RuntimeException e) { // the ratings cannot be read: there is no model
            return null;
        }
    }
}
