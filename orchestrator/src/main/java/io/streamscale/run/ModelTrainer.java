package io.streamscale.run;

import io.streamscale.cluster.StateDir;
import io.streamscale.model.ModelCache;
import io.streamscale.model.ModelSpec;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.JobSpecs;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A model for a spec: from the {@link ModelCache}, or trained now by the trainer job (Spark local) into the cache. The
 * one place that starts the trainer ({@code run} and {@code train} both come here). On a cluster the trainer runs on a
 * reserved node, never on the machine the orchestrator runs on (a front-end).
 */
public final class ModelTrainer {
    static final String MAIN = "io.streamscale.jobs.train.TrainMain";
    private static final Duration TRANSFER = Duration.ofMinutes(30);
    private final TemplateRenderer templates;
    private final ModelCache cache;

    public ModelTrainer(TemplateRenderer templates, ModelCache cache) {
        this.templates = templates;
        this.cache = cache;
    }

    /**
     * Where the trainer runs.
     *
     * @param runtime the runtime as that node sees it
     * @param scratch a directory on the node to train in, when the node does not see this machine's files (the
     *                ratings are uploaded there and the model fetched back); null to train straight into the cache
     */
    public record Place(Node node, Remote remote, RuntimeLayout runtime, String scratch) {
        /** This machine (local mode, {@code train}). */
        public static Place local(RuntimeLayout runtime) {
            return new Place(new Node("local", "127.0.0.1", Set.of()), new LocalRemote("local"), runtime, null);
        }
    }

    /**
     * @param tag      names the trainer process ({@code streamscale.daemon=<tag>/<node>/trainer}) so it can be found
     * @param logLines receives the trainer's {@code train: } lines (RMSE, sizes) when it trained
     * @return the model's directory in the cache, whether it was there already, and where it was trained otherwise
     */
    public Result obtain(ModelSpec spec, Place place, String tag, BooleanSupplier cancelled, List<String> logLines) {
        boolean cached = cache.has(spec);
        Path dir = cache.getOrTrain(spec, out -> train(spec, place, tag, cancelled, logLines, out));
        return new Result(dir, cached, cached ? null : place.node().name());
    }

    public Result obtain(ModelSpec spec, Place place, String tag, BooleanSupplier cancelled) {
        return obtain(spec, place, tag, cancelled, new ArrayList<>());
    }

    private void train(
            ModelSpec spec, Place place, String tag, BooleanSupplier cancelled, List<String> logLines, Path out) {
        Remote node = place.remote();
        boolean ships = place.scratch() != null;
        String work = ships ? place.scratch() + "/" + out.getFileName() : out.toString();
        String inputs = work + ".ratings"; // beside, not inside: the model directory is fetched whole
        ModelSpec onNode = spec;
        if (ships) {
            node.run("mkdir -p " + Shell.quote(work) + " " + Shell.quote(inputs), Duration.ofSeconds(30));
            if (spec.ratings() != null) {
                onNode = spec.withRatings(inputs + "/" + Path.of(spec.ratings()).getFileName());
                node.upload(Path.of(spec.ratings()), onNode.ratings());
            }
        }
        String name = place.node().name();
        String log4j = templates.render("spark/log4j2-job.properties", Map.of("node", name, "role", "trainer"));
        DaemonSpec job = JobSpecs.oneOffJob(
                place.runtime(),
                log4j,
                place.node(),
                "trainer",
                work + "/job",
                MAIN,
                onNode.trainerArgs(work),
                "streamscale.daemon=" + tag + "/" + name + "/trainer");
        try {
            Path log = OneOffJob.run(
                    new DaemonController(n -> node),
                    node,
                    job,
                    work + "/model.json",
                    Duration.ofHours(2),
                    cancelled,
                    new StateDir(out));
            if (ships) {
                node.downloadTree(work, out, TRANSFER);
            }
            Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("train: "))
                    .forEach(logLines::add);
        } catch (IOException e) {
            logLines.add("train: (no log: " + e.getMessage() + ")");
        } finally {
            if (ships) {
                node.exec("rm -rf " + Shell.quote(work) + " " + Shell.quote(inputs), Duration.ofMinutes(2));
            }
        }
    }

    /** @param trainedOn the node that trained it, or null when it came from the cache */
    public record Result(Path dir, boolean cached, String trainedOn) {}
}
