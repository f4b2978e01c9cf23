package io.streamscale.cli;

import io.streamscale.manifest.Key;
import io.streamscale.manifest.Schema;
import io.streamscale.model.ModelCache;
import io.streamscale.model.ModelSpec;
import io.streamscale.run.ModelTrainer;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.service.DaemonFailedException;
import io.streamscale.template.TemplateRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = TrainCommand.Defaults.class,
        description = {
            "Train the recommender: spark.ml ALS (Spark in local mode on this machine).",
            "",
            "Reads MovieLens CSV (userId,movieId,rating,timestamp with a header, e.g. ratings_small.csv) or "
                    + "Spark's user::movie::rating::timestamp lines; without --ratings it generates synthetic low-rank "
                    + "ratings. Prints the RMSE on a held-out split, then fits on all ratings. The model (als/, users.txt "
                    + "and movies.txt, the ids the generators draw from, and model.json) goes into the model cache "
                    + "($STREAMSCALE_MODELS, default ~/.streamscale/models), keyed by the ratings' content and the ALS "
                    + "settings: runs with the same settings use it without training again. --out also copies it there."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale train",
            "  streamscale train --ratings ratings_small.csv --rank 10 --iterations 10 --out model-movielens/"
        })
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Option(names = "--ratings", paramLabel = "FILE", description = "Ratings file (default: synthetic ratings).")
    Path ratings;

    @Option(names = "--rank", description = "ALS rank (default: ${DEFAULT-VALUE}, as the seed).")
    int rank;

    @Option(names = "--iterations", description = "ALS iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--reg-param", description = "ALS regularization (default: ${DEFAULT-VALUE}).")
    double regParam;

    @Option(names = "--seed", description = "Random seed of the split and ALS (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Also copy the model here (a directory that must not hold a model yet).")
    Path out;

    /** The ALS settings' defaults are the Schema's: `train` fills the cache entry a run with defaults looks for. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        private static final Map<String, Key<?>> KEYS = Map.of(
                "--rank", Schema.MODEL_RANK,
                "--iterations", Schema.MODEL_ITERATIONS,
                "--reg-param", Schema.MODEL_REG_PARAM,
                "--seed", Schema.MODEL_SEED);

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            return arg instanceof CommandLine.Model.OptionSpec o && KEYS.containsKey(o.longestName())
                    ? String.valueOf(KEYS.get(o.longestName()).defaultValue())
                    : null;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = cmd.commandLine().getOut();
        Path home = Home.get();
        RuntimeLayout runtime = RuntimeLayout.defaults(home);
        runtime.verifyLocally();
        if (ratings != null && !Files.isReadable(ratings)) {
            throw new CommandLine.ParameterException(
                    cmd.commandLine(), "--ratings " + ratings + ": no such readable file");
        }
        ModelSpec spec;
        try {
            spec = new ModelSpec(
                    ratings == null ? null : ratings.toAbsolutePath().toString(), rank, iterations, regParam, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.commandLine(), e.getMessage());
        }
        Path target = out == null ? null : out.toAbsolutePath().normalize();
        if (target != null && Files.exists(target.resolve("model.json"))) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "--out " + target + " already holds a model");
        }
        ModelCache cache = ModelCache.defaults();
        stdout.println((cache.has(spec) ? "cached: " : "training ") + spec.describe() + " ...");
        stdout.flush();
        List<String> lines = new ArrayList<>();
        ModelTrainer.Result m;
        try {
            m = new ModelTrainer(new TemplateRenderer(home.resolve("templates")), cache)
                    .obtain(spec, ModelTrainer.Place.local(runtime), "train", () -> false, lines);
        } catch (DaemonFailedException e) {
            cmd.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        lines.forEach(stdout::println);
        stdout.println("model: " + m.dir() + (m.cached() ? " (from the cache)" : ""));
        if (target != null) {
            copyTree(m.dir(), target);
            stdout.println("copied to: " + target);
        }
        stdout.flush();
        return 0;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
