package io.streamscale.cli;

import io.streamscale.cluster.StateDir;
import io.streamscale.remote.LocalRemote;
import io.streamscale.run.LocalJob;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonFailedException;
import io.streamscale.service.JobSpecs;
import io.streamscale.template.TemplateRenderer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the recommender: spark.ml ALS (Spark in local mode on this machine).", "",
                "Reads MovieLens CSV (userId,movieId,rating,timestamp with a header, e.g. ratings_small.csv) or",
                "Spark's user::movie::rating::timestamp lines; without --ratings it generates synthetic low-rank",
                "ratings. Prints the RMSE on a held-out split, then fits on all ratings and writes to --out:",
                "als/ (the model), users.txt and movies.txt (the ids the generators draw from) and model.json."},
        footer = {"", "Examples:", "  streamscale train --out model/",
                "  streamscale train --ratings ratings_small.csv --rank 10 --iterations 10 --out model-movielens/"})
final class TrainCommand implements Callable<Integer> {
    static final String MAIN = "io.streamscale.jobs.train.TrainMain";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Option(names = "--ratings", paramLabel = "FILE", description = "Ratings file (default: synthetic ratings).")
    Path ratings;

    @Option(names = "--rank", defaultValue = "10", description = "ALS rank (default: ${DEFAULT-VALUE}, as the seed).")
    int rank;

    @Option(names = "--iterations", defaultValue = "10", description = "ALS iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--reg-param", defaultValue = "0.1", description = "ALS regularization (default: ${DEFAULT-VALUE}).")
    double regParam;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed of the split and ALS (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the model.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = cmd.commandLine().getOut();
        Path home = Home.get();
        RuntimeLayout runtime = RuntimeLayout.defaults(home);
        runtime.verifyLocally();
        if (ratings != null && !Files.isReadable(ratings)) {
            throw new CommandLine.ParameterException(cmd.commandLine(), "--ratings " + ratings + ": no such readable file");
        }
        Path dir = out.toAbsolutePath().normalize();
        List<String> args = new ArrayList<>(List.of("--out", dir.toString(), "--rank", String.valueOf(rank),
                "--iterations", String.valueOf(iterations), "--reg-param", String.valueOf(regParam), "--seed", String.valueOf(seed)));
        if (ratings != null) {
            args.addAll(List.of("--ratings", ratings.toAbsolutePath().toString()));
        }
        String log4j = new TemplateRenderer(home.resolve("templates"))
                .render("spark/log4j2-job.properties", Map.of("node", "local", "role", "trainer"));
        var spec = JobSpecs.localJob(runtime, log4j, "trainer", dir.resolve("job").toString(), MAIN, args,
                "streamscale.daemon=train/" + dir);
        stdout.println("training ALS (rank " + rank + ", " + iterations + " iterations) on "
                + (ratings != null ? ratings : "synthetic ratings") + " ...");
        stdout.flush();
        try {
            LocalJob.run(new DaemonController(n -> new LocalRemote("local")), spec, dir.resolve("model.json"),
                    Duration.ofHours(2), () -> false, new StateDir(dir));
        } catch (DaemonFailedException e) {
            cmd.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        Files.readAllLines(Path.of(spec.logFile())).stream().filter(l -> l.startsWith("train: ")).forEach(stdout::println);
        stdout.println("model: " + dir);
        stdout.flush();
        return 0;
    }
}
