package io.streamscale.jobs.model;

import io.streamscale.jobs.fs.LocalParquet;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * An ALS model's factor tables (user id → vector, movie id → vector) and its prediction: the float dot product in the
 * order of summation spark.ml's ALSModel uses, so every engine's prediction is bit-identical to ALSModel.transform.
 * Both scorers predict with this one method: Spark's broadcast mode and the Flink job.
 */
public final class Factors implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<Integer, float[]> users;
    private final Map<Integer, float[]> movies;

    public Factors(Map<Integer, float[]> users, Map<Integer, float[]> movies) {
        this.users = Map.copyOf(users);
        this.movies = Map.copyOf(movies);
    }

    /** The predicted rating, or NaN when the model knows the user or the movie not (ALS's cold-start "nan"). */
    public float predict(int user, int movie) {
        float[] a = users.get(user);
        float[] b = movies.get(movie);
        if (a == null || b == null) {
            return Float.NaN;
        }
        float sum = 0.0f;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    public int userCount() {
        return users.size();
    }

    public int movieCount() {
        return movies.size();
    }

    /**
     * Reads the factor tables of a saved ALSModel ({@code userFactors/} and {@code itemFactors/}, Parquet with
     * {@code id INT} and {@code features ARRAY<FLOAT>}) without Spark: what an engine other than Spark scores with.
     */
    public static Factors read(Path als) throws IOException {
        return new Factors(table(als.resolve("userFactors")), table(als.resolve("itemFactors")));
    }

    private static Map<Integer, float[]> table(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not an ALS model: " + dir + " is missing");
        }
        Map<Integer, float[]> out = new HashMap<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(dir)) {
            parts = s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        }
        for (Path part : parts) {
            try (ParquetReader<Group> reader = LocalParquet.rows(part, null)) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    Group list = g.getGroup("features", 0);
                    int n = list.getFieldRepetitionCount(0);
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = list.getGroup(0, i).getFloat(0, 0);
                    }
                    out.put(g.getInteger("id", 0), v);
                }
            }
        }
        return out;
    }
}
