package io.streamscale.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Trained models kept by what determines them ({@link ModelSpec}: the ratings' content, not their path, and the ALS
 * settings), so a study trains each model once: every run of a manifest, every probe and {@code streamscale train}
 * reuse it. A model is trained into a private directory and moved into place whole, so a reader never sees half a
 * model and two runs training the same one at once both end with one complete copy.
 * <p>Where: {@code $STREAMSCALE_MODELS}, else {@code ~/.streamscale/models}; one directory {@code als-<key>} per model.
 */
public final class ModelCache {
    /** Changes when the trainer's output would change for the same spec (a new trainer, a new Spark). */
    static final String FORMAT = "streamscale-als-1";

    private final Path root;

    public ModelCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public static ModelCache defaults() {
        String env = System.getenv("STREAMSCALE_MODELS");
        return new ModelCache(
                env != null && !env.isBlank()
                        ? Path.of(env)
                        : Path.of(System.getProperty("user.home"), ".streamscale", "models"));
    }

    public Path root() {
        return root;
    }

    /** Where the model of {@code spec} is (or will be). */
    public Path dir(ModelSpec spec) {
        return root.resolve("als-" + key(spec));
    }

    /** Whether the model of {@code spec} is there, complete. */
    public boolean has(ModelSpec spec) {
        return Files.isRegularFile(dir(spec).resolve("model.json"));
    }

    /**
     * The model of {@code spec}: the cached one, or one trained now by {@code trainInto} (given an empty directory, it
     * must leave a complete model there, model.json last) and then kept.
     */
    public Path getOrTrain(ModelSpec spec, Consumer<Path> trainInto) {
        Path target = dir(spec);
        if (has(spec)) {
            return target;
        }
        Path partial = root.resolve(".partial-" + target.getFileName() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(partial);
            trainInto.accept(partial);
            if (!Files.isRegularFile(partial.resolve("model.json"))) {
                throw new IllegalStateException("the trainer left no model.json in " + partial);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!has(spec)) { // not another run that finished the same model first
                    throw new IllegalStateException("cannot put the model into " + target + ": " + raced, raced);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("model cache " + root + ": " + e.getMessage(), e);
        } finally {
            deleteTree(partial);
        }
    }

    private static final Map<ModelSpec, String> KEYS = new ConcurrentHashMap<>();

    /**
     * The cache key: a hash of the format, the ratings' bytes (or "synthetic") and the ALS settings. Worked out once per
     * spec in this process (a large ratings file is read once, and a file changed mid-run does not change the run's model).
     */
    public static String key(ModelSpec spec) {
        return KEYS.computeIfAbsent(spec, ModelCache::hash);
    }

    private static String hash(ModelSpec spec) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((FORMAT + "\n").getBytes(StandardCharsets.UTF_8));
            if (spec.ratings() == null) {
                d.update("synthetic\n".getBytes(StandardCharsets.UTF_8));
            } else {
                try (InputStream in = Files.newInputStream(Path.of(spec.ratings()))) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        d.update(buf, 0, n);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "cannot read the ratings " + spec.ratings() + ": " + e.getMessage(), e);
                }
            }
            d.update(String.format(
                            Locale.ROOT,
                            "\nrank=%d iterations=%d regParam=%s seed=%d",
                            spec.rank(),
                            spec.iterations(),
                            Double.toString(spec.regParam()),
                            spec.seed())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover .partial- directory is harmless
        }
    }
}
