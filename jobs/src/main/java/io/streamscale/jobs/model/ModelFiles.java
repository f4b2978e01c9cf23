package io.streamscale.jobs.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The layout of a trained model directory: {@code als/} (spark.ml ALSModel), {@code users.txt} and {@code movies.txt}
 * (the ids the model knows, one per line: what the generator draws from) and {@code model.json} (how it was trained).
 */
public record ModelFiles(Path dir) {
    public Path als() {
        return dir.resolve("als");
    }

    public Path users() {
        return dir.resolve("users.txt");
    }

    public Path movies() {
        return dir.resolve("movies.txt");
    }

    public Path info() {
        return dir.resolve("model.json");
    }

    public static void writeIds(Path file, Collection<Integer> ids) throws IOException {
        Files.writeString(file, ids.stream().sorted().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
    }

    public static int[] readIds(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .mapToInt(Integer::parseInt)
                    .toArray();
        }
    }
}
