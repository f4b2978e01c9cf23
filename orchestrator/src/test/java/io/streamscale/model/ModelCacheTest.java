package io.streamscale.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {
    @TempDir
    Path tmp;

    /** A stand-in trainer: writes the model's files, model.json last, and counts its calls. */
    static Consumer<Path> trainer(AtomicInteger calls) {
        return dir -> {
            calls.incrementAndGet();
            try {
                Files.createDirectories(dir.resolve("als"));
                Files.writeString(dir.resolve("users.txt"), "1\n");
                Files.writeString(dir.resolve("model.json"), "{\"rank\": 10}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void aModelIsTrainedOnceAndReused() {
        ModelCache cache = new ModelCache(tmp.resolve("models"));
        AtomicInteger calls = new AtomicInteger();
        Path first = cache.getOrTrain(ModelSpec.DEFAULT, trainer(calls));
        Path again = cache.getOrTrain(ModelSpec.DEFAULT, trainer(calls));
        assertEquals(first, again);
        assertEquals(1, calls.get(), "trained once");
        assertTrue(Files.exists(first.resolve("users.txt")));
        assertEquals(first, cache.dir(new ModelSpec(null, 10, 10, 0.1, 42)), "equal specs, one model");
    }

    @Test
    void everySettingAndTheRatingsContentMakeADifferentModel() throws Exception {
        String base = ModelCache.key(ModelSpec.DEFAULT);
        assertNotEquals(base, ModelCache.key(new ModelSpec(null, 20, 10, 0.1, 42)), "rank");
        assertNotEquals(base, ModelCache.key(new ModelSpec(null, 10, 3, 0.1, 42)), "iterations");
        assertNotEquals(base, ModelCache.key(new ModelSpec(null, 10, 10, 0.01, 42)), "regParam");
        assertNotEquals(base, ModelCache.key(new ModelSpec(null, 10, 10, 0.1, 7)), "seed");
        Path a = Files.writeString(tmp.resolve("a.csv"), "userId,movieId,rating,timestamp\n1,2,3.0,0\n");
        Path b = Files.writeString(tmp.resolve("b.csv"), "userId,movieId,rating,timestamp\n1,2,3.0,0\n");
        String ka = ModelCache.key(ModelSpec.DEFAULT.withRatings(a.toString()));
        assertNotEquals(base, ka, "ratings vs synthetic");
        assertEquals(
                ka,
                ModelCache.key(ModelSpec.DEFAULT.withRatings(b.toString())),
                "same content, another path: same model");
        Path c = Files.writeString(tmp.resolve("c.csv"), "userId,movieId,rating,timestamp\n1,2,4.0,0\n");
        assertNotEquals(ka, ModelCache.key(ModelSpec.DEFAULT.withRatings(c.toString())), "other content");
        Files.writeString(b, "userId,movieId,rating,timestamp\n1,2,4.0,0\n");
        assertEquals(
                ka,
                ModelCache.key(ModelSpec.DEFAULT.withRatings(b.toString())),
                "worked out once per process: a run's model stays its model");
    }

    @Test
    void aFailedTrainingLeavesNothingBehind() {
        ModelCache cache = new ModelCache(tmp.resolve("models"));
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> cache.getOrTrain(ModelSpec.DEFAULT, dir -> {
                    throw new IllegalStateException("trainer died");
                }));
        assertEquals("trainer died", e.getMessage());
        assertFalse(cache.has(ModelSpec.DEFAULT));
        assertEquals(0, tmp.resolve("models").toFile().list().length, "no partial directory left");
        IllegalStateException noModel =
                assertThrows(IllegalStateException.class, () -> cache.getOrTrain(ModelSpec.DEFAULT, dir -> {}));
        assertTrue(noModel.getMessage().contains("no model.json"), noModel.getMessage());
    }

    @Test
    void aModelTrainedMeanwhileByAnotherRunIsKept() {
        ModelCache cache = new ModelCache(tmp.resolve("models"));
        AtomicInteger calls = new AtomicInteger();
        Path got = cache.getOrTrain(ModelSpec.DEFAULT, dir -> {
            trainer(calls).accept(dir);
            trainer(calls).accept(cache.dir(ModelSpec.DEFAULT)); // another run finished first
        });
        assertEquals(cache.dir(ModelSpec.DEFAULT), got);
        assertTrue(cache.has(ModelSpec.DEFAULT));
        assertEquals(1, tmp.resolve("models").toFile().list().length, "one model, no partial left");
    }

    @Test
    void badSettingsAreRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ModelSpec(null, 0, 10, 0.1, 1));
        assertTrue(e.getMessage().contains("rank 0"), e.getMessage());
    }
}
