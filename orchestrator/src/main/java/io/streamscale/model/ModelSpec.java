package io.streamscale.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What determines a trained model: the ratings (a file, or the trainer's synthetic ones) and the ALS settings. Two
 * runs with equal specs score with the same model, so it is trained once ({@link ModelCache}).
 *
 * @param ratings ratings file (absolute path), or null for synthetic ratings
 */
public record ModelSpec(String ratings, int rank, int iterations, double regParam, long seed) {
    public static final ModelSpec DEFAULT = new ModelSpec(null, 10, 10, 0.1, 42);

    public ModelSpec {
        if (rank < 1 || iterations < 1 || regParam < 0) {
            throw new IllegalArgumentException("ALS needs rank >= 1, iterations >= 1 and regParam >= 0; got rank "
                    + rank + ", iterations " + iterations + ", regParam " + regParam);
        }
    }

    public ModelSpec withRatings(String file) {
        return new ModelSpec(file, rank, iterations, regParam, seed);
    }

    /** The trainer's arguments (io.streamscale.jobs.train.TrainMain) to write this model into {@code out}. */
    public List<String> trainerArgs(String out) {
        List<String> args = new ArrayList<>(List.of(
                "--out",
                out,
                "--rank",
                String.valueOf(rank),
                "--iterations",
                String.valueOf(iterations),
                "--reg-param",
                String.valueOf(regParam),
                "--seed",
                String.valueOf(seed)));
        if (ratings != null) {
            args.addAll(List.of("--ratings", ratings));
        }
        return args;
    }

    public String describe() {
        return "ALS rank " + rank + ", " + iterations + " iterations, regParam " + regParam + ", seed " + seed + " on "
                + (ratings != null ? ratings : "synthetic ratings");
    }
}
