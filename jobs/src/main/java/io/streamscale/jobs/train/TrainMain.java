package io.streamscale.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamscale.jobs.data.SyntheticRatings;
import io.streamscale.jobs.model.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the recommender: spark.ml ALS on MovieLens ratings (or synthetic low-rank ones), reports RMSE on a held-out
 * split, then fits on all ratings and saves the model and the ids it knows ({@link ModelFiles}).
 */
@Command(name = "train", mixinStandardHelpOptions = true)
public final class TrainMain implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(
            names = "--ratings",
            description = "MovieLens CSV or user::movie::rating::ts file; without it, synthetic ratings")
    Path ratings;

    @Option(names = "--synthetic-users", defaultValue = "600")
    int users;

    @Option(names = "--synthetic-movies", defaultValue = "2000")
    int movies;

    @Option(names = "--synthetic-per-user", defaultValue = "40")
    int perUser;

    @Option(names = "--rank", defaultValue = "10")
    int rank;

    @Option(names = "--iterations", defaultValue = "10")
    int iterations;

    @Option(names = "--reg-param", defaultValue = "0.1")
    double regParam;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--test-fraction", defaultValue = "0.2")
    double testFraction;

    @Option(names = "--master", defaultValue = "local[*]")
    String master;

    @Option(names = "--out", required = true)
    Path out;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new TrainMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("error: " + e.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ModelFiles files = new ModelFiles(out);
        Files.createDirectories(out);
        Files.deleteIfExists(files.info()); // written last: its presence means the model is complete
        String source;
        Path input = ratings;
        if (input == null) {
            input = out.resolve("synthetic-ratings.csv");
            SyntheticRatings.Shape shape = new SyntheticRatings.Shape(users, movies, perUser, 5, 0.3, seed);
            long n = SyntheticRatings.write(shape, input);
            source = "synthetic " + shape + " (" + n + " ratings)";
        } else {
            source = input.toAbsolutePath().toString();
        }
        List<Rating> list = RatingsReader.read(input);
        System.out.printf("train: %d ratings from %s%n", list.size(), source);

        SparkSession spark = SparkSession.builder()
                .master(master)
                .appName("streamscale-train")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .getOrCreate();
        try {
            StructType schema = new StructType()
                    .add("userId", DataTypes.IntegerType)
                    .add("movieId", DataTypes.IntegerType)
                    .add("rating", DataTypes.FloatType);
            List<Row> rows = new ArrayList<>(list.size());
            for (Rating r : list) {
                rows.add(RowFactory.create(r.userId(), r.movieId(), r.rating()));
            }
            Dataset<Row> all = spark.createDataFrame(rows, schema).cache();
            ALS als = new ALS()
                    .setRank(rank)
                    .setMaxIter(iterations)
                    .setRegParam(regParam)
                    .setSeed(seed)
                    .setUserCol("userId")
                    .setItemCol("movieId")
                    .setRatingCol("rating")
                    .setColdStartStrategy("drop");
            Double rmse = null;
            if (testFraction > 0) {
                Dataset<Row>[] split = all.randomSplit(new double[] {1 - testFraction, testFraction}, seed);
                ALSModel heldOut = als.fit(split[0]);
                rmse = new RegressionEvaluator()
                        .setMetricName("rmse")
                        .setLabelCol("rating")
                        .setPredictionCol("prediction")
                        .evaluate(heldOut.transform(split[1]));
                System.out.printf("train: RMSE on the held-out %.0f%% = %.4f%n", testFraction * 100, rmse);
            }
            ALSModel model = als.fit(all);
            model.write().overwrite().save(files.als().toString());
            TreeSet<Integer> userIds = new TreeSet<>();
            model.userFactors().select("id").collectAsList().forEach(r -> userIds.add(r.getInt(0)));
            TreeSet<Integer> movieIds = new TreeSet<>();
            model.itemFactors().select("id").collectAsList().forEach(r -> movieIds.add(r.getInt(0)));
            ModelFiles.writeIds(files.users(), userIds);
            ModelFiles.writeIds(files.movies(), movieIds);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("source", source);
            info.put("ratings", list.size());
            info.put("users", userIds.size());
            info.put("movies", movieIds.size());
            info.put("rank", rank);
            info.put("iterations", iterations);
            info.put("regParam", regParam);
            info.put("seed", seed);
            info.put("testFraction", testFraction);
            info.put("rmse", rmse);
            info.put("sparkVersion", spark.version());
            info.put("trainedAt", Instant.now().toString());
            JSON.writeValue(files.info().toFile(), info);
            System.out.printf(
                    "train: model with %d users and %d movies saved to %s%n", userIds.size(), movieIds.size(), out);
        } finally {
            spark.stop();
        }
        return 0;
    }
}
