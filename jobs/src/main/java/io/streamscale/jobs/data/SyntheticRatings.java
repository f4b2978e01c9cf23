package io.streamscale.jobs.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes MovieLens-shaped ratings ({@code userId,movieId,rating,timestamp}, with header) drawn from a low-rank model:
 * rating = 3 + u·v + noise, rounded to half stars in [0.5, 5]. ALS can learn it, so the pipeline runs with no external
 * data set. Deterministic for a given seed.
 */
public final class SyntheticRatings {
    /** Shape of the data set. */
    public record Shape(int users, int movies, int ratingsPerUser, int rank, double noise, long seed) {
        public Shape {
            if (users < 1 || movies < 1 || ratingsPerUser < 1 || rank < 1 || ratingsPerUser > movies) {
                throw new IllegalArgumentException(
                        "need users, movies, rank >= 1 and 1 <= ratingsPerUser <= movies: " + this);
            }
        }

        public static Shape small() {
            return new Shape(600, 2000, 40, 5, 0.3, 42);
        }
    }

    private SyntheticRatings() {}

    /** @return the number of ratings written */
    public static long write(Shape s, Path out) throws IOException {
        SplittableRandom rnd = new SplittableRandom(s.seed());
        double scale = 1.2 / Math.sqrt(s.rank());
        double[][] u = factors(rnd, s.users(), s.rank(), scale);
        double[][] v = factors(rnd, s.movies(), s.rank(), scale);
        long count = 0;
        long t0 = 1_000_000_000L;
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write("userId,movieId,rating,timestamp\n");
            for (int user = 0; user < s.users(); user++) {
                // a random distinct subset of movies per user (partial Fisher-Yates over movie indices)
                int[] movies = new int[s.movies()];
                for (int i = 0; i < movies.length; i++) {
                    movies[i] = i;
                }
                for (int k = 0; k < s.ratingsPerUser(); k++) {
                    int j = k + rnd.nextInt(movies.length - k);
                    int m = movies[j];
                    movies[j] = movies[k];
                    movies[k] = m;
                    double r = 3.0 + dot(u[user], v[m]) * 2.0 + rnd.nextDouble(-1, 1) * s.noise();
                    double stars = Math.max(0.5, Math.min(5.0, Math.round(r * 2) / 2.0));
                    w.write(String.format(Locale.ROOT, "%d,%d,%.1f,%d%n", user + 1, m + 1, stars, t0 + count));
                    count++;
                }
            }
        }
        return count;
    }

    private static double[][] factors(SplittableRandom rnd, int n, int rank, double scale) {
        double[][] f = new double[n][rank];
        for (double[] row : f) {
            for (int k = 0; k < rank; k++) {
                row[k] = gaussian(rnd) * scale;
            }
        }
        return f;
    }

    private static double gaussian(SplittableRandom rnd) {
        double a = rnd.nextDouble();
        double b = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - a)) * Math.cos(2 * Math.PI * b);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
