package io.streamscale.jobs.summary;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.mean;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamscale.jobs.model.ModelFiles;
import io.streamscale.jobs.scorer.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reads a run's Parquet output and writes what it shows: rows, distinct (generatorId, seq), duplicates, NaN
 * predictions, event/processing latency (mean, p50, p99, min, max), invariant violations (a latency that is not
 * positive, a ProcessedTimestamp before timestampSpark, an EventLatency that is not ProcessedTimestamp −
 * timestampGenerator) and a prediction check: up to {@code --sample} rows re-scored in batch with
 * {@link ALSModel#transform}; any prediction that differs is a mismatch.
 */
@Command(name = "summarize", mixinStandardHelpOptions = true)
public final class SummarizeMain implements Callable<Integer> {
    @Option(names = "--output", required = true) Path output;
    @Option(names = "--model", required = true) Path model;
    @Option(names = "--out", required = true) Path out;
    @Option(names = "--sample", defaultValue = "2000") int sample;
    @Option(names = "--master", defaultValue = "local[2]") String master;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SummarizeMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("error: " + e);
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SparkSession spark = SparkSession.builder().master(master).appName("streamscale-summarize")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Map<String, Object> s = new LinkedHashMap<>();
        try {
            boolean any = Files.isDirectory(output) && Files.list(output).anyMatch(p -> p.toString().endsWith(".parquet"));
            Dataset<Row> rows = any ? spark.read().parquet(output.toString()).cache() : null;
            if (rows == null || rows.isEmpty()) {
                s.put("scoredRows", 0L);
                s.put("distinctMessages", 0L);
                s.put("duplicates", 0L);
            } else {
                // counts and invariants in one pass; latencies (exact percentiles) in another: an approximate
                // percentile in the same aggregation as a distinct count degenerates
                Row a = rows.agg(count("*"), countDistinct(col("generatorId"), col("seq")),
                        sum(when(isnan(col("prediction")), 1).otherwise(0)),
                        sum(when(col("EventLatency").leq(0).or(col("ProcessingLatency").leq(0)), 1).otherwise(0)),
                        sum(when(col("ProcessedTimestamp").lt(col("timestampSpark")), 1).otherwise(0)),
                        sum(when(abs(expr("(unix_micros(ProcessedTimestamp) - unix_micros(timestampGenerator)) / 1e6")
                                .minus(col("EventLatency"))).gt(1e-6), 1).otherwise(0))).first();
                long n = a.getLong(0);
                s.put("columns", List.of(rows.columns()));
                s.put("scoredRows", n);
                s.put("distinctMessages", a.getLong(1));
                s.put("duplicates", n - a.getLong(1));
                s.put("nanPredictions", a.getLong(2));
                s.put("nonPositiveLatencies", a.getLong(3));
                s.put("processedBeforeSparkStart", a.getLong(4));
                s.put("eventLatencyInconsistent", a.getLong(5));
                Row l = rows.agg(mean("EventLatency"), expr("percentile(EventLatency, array(0.5, 0.99))"),
                        min("EventLatency"), max("EventLatency"),
                        mean("ProcessingLatency"), expr("percentile(ProcessingLatency, array(0.5, 0.99))"),
                        min("ProcessingLatency"), max("ProcessingLatency")).first();
                s.put("eventLatency", latency(l, 0));
                s.put("processingLatency", latency(l, 4));
                s.put("predictionCheck", predictionCheck(rows, n));
                s.put("firstGeneratorTimestamp", rows.agg(min("timestampGenerator")).first().get(0).toString());
                s.put("lastProcessedTimestamp", rows.agg(max("ProcessedTimestamp")).first().get(0).toString());
            }
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), s);
        } finally {
            spark.stop();
        }
        return 0;
    }

    private static Map<String, Object> latency(Row a, int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", a.getDouble(i));
        List<Object> pct = a.getList(i + 1);
        m.put("p50", pct.get(0));
        m.put("p99", pct.get(1));
        m.put("min", a.getDouble(i + 2));
        m.put("max", a.getDouble(i + 3));
        return m;
    }

    private Map<String, Object> predictionCheck(Dataset<Row> rows, long n) {
        ALSModel als = ALSModel.load(new ModelFiles(model).als().toString());
        double fraction = Math.min(1.0, (double) sample / Math.max(1, n));
        Dataset<Row> picked = rows.sample(false, fraction, 7).limit(sample)
                .select(col("userID").as("userId"), col("movieID").as("movieId"), col("prediction").as("scored"));
        Dataset<Row> rescored = Predictor.TRANSFORM.predict(als, picked);
        Row c = rescored.agg(count("*"), sum(when(
                isnan(col("scored")).and(isnan(col("prediction"))).or(col("scored").equalTo(col("prediction"))), 0)
                .otherwise(1))).first();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampled", c.getLong(0));
        m.put("mismatches", c.isNullAt(1) ? 0L : c.getLong(1));
        return m;
    }
}
