package io.streamscale.run;

import io.streamscale.cluster.StateDir;
import io.streamscale.model.ModelCache;
import io.streamscale.model.ModelSpec;
import io.streamscale.remote.LocalRemote;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.JobSpecs;
import io.streamscale.template.TemplateRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A model for a spec: from the {@link ModelCache}, or trained now by the trainer job (Spark local on this machine)
 * into the cache. The one place that starts the trainer ({@code run} and {@code train} both come here).
 */
public final class ModelTrainer {
    static final String MAIN = "io.streamscale.jobs.train.TrainMain";
    private final RuntimeLayout runtime;
    private final TemplateRenderer templates;
    private final ModelCache cache;

    public ModelTrainer(RuntimeLayout runtime, TemplateRenderer templates, ModelCache cache) {
        this.runtime = runtime;
        this.templates = templates;
        this.cache = cache;
    }

    /**
     * @param tag       names the trainer process ({@code streamscale.daemon=<tag>/local/trainer}) so it can be found
     * @param logLines  receives the trainer's {@code train: } lines (RMSE, sizes) when it trained
     * @return the model's directory and whether it came from the cache
     */
    public Result obtain(ModelSpec spec, String tag, BooleanSupplier cancelled, List<String> logLines) {
        boolean cached = cache.has(spec);
        Path dir = cache.getOrTrain(spec, out -> {
            String log4j = templates.render("spark/log4j2-job.properties", Map.of("node", "local", "role", "trainer"));
            DaemonSpec job = JobSpecs.localJob(runtime, log4j, "trainer", out.resolve("job").toString(), MAIN,
                    spec.trainerArgs(out.toString()), "streamscale.daemon=" + tag + "/local/trainer");
            LocalJob.run(new DaemonController(n -> new LocalRemote("local")), job, out.resolve("model.json"), Duration.ofHours(2),
                    cancelled, new StateDir(out));
            try {
                Files.readAllLines(Path.of(job.logFile())).stream().filter(l -> l.startsWith("train: ")).forEach(logLines::add);
            } catch (java.io.IOException e) {
                logLines.add("train: (no log: " + e.getMessage() + ")");
            }
        });
        return new Result(dir, cached);
    }

    public Result obtain(ModelSpec spec, String tag, BooleanSupplier cancelled) {
        return obtain(spec, tag, cancelled, new ArrayList<>());
    }

    public record Result(Path dir, boolean cached) {
    }
}
