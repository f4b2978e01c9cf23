package io.streamscale.jobs.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.jobs.generator.MessageFormat;
import io.streamscale.jobs.model.Factors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both scoring modes on a real (tiny) ALS model, Spark in local mode. */
class PredictorTest {
    static SparkSession spark;
    static ALSModel model;

    @BeforeAll
    static void train() {
        spark = SparkSession.builder()
                .master("local[1]")
                .appName("predictor-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "1")
                .getOrCreate();
        List<Row> ratings = new ArrayList<>();
        for (int u = 1; u <= 20; u++) {
            for (int m = 1; m <= 30; m++) {
                if ((u * 7 + m * 3) % 4 != 0) {
                    ratings.add(RowFactory.create(u, m, (float) (1 + (u * m) % 5)));
                }
            }
        }
        StructType schema = new StructType()
                .add("userId", DataTypes.IntegerType)
                .add("movieId", DataTypes.IntegerType)
                .add("rating", DataTypes.FloatType);
        model = new ALS()
                .setRank(4)
                .setMaxIter(5)
                .setSeed(1)
                .setUserCol("userId")
                .setItemCol("movieId")
                .setRatingCol("rating")
                .fit(spark.createDataFrame(ratings, schema));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Map<String, Double> predict(Predictor p) {
        List<Row> requests = new ArrayList<>();
        for (int u = 1; u <= 22; u++) { // users 21 and 22 are unknown
            for (int m = 1; m <= 32; m++) { // movies 31 and 32 are unknown
                requests.add(RowFactory.create(u, m));
            }
        }
        Dataset<Row> in = spark.createDataFrame(
                requests, new StructType().add("userId", DataTypes.IntegerType).add("movieId", DataTypes.IntegerType));
        Map<String, Double> out = new HashMap<>();
        for (Row r :
                p.predict(model, in).select("userId", "movieId", "prediction").collectAsList()) {
            out.put(r.getInt(0) + ":" + r.getInt(1), r.getDouble(2));
        }
        return out;
    }

    @Test
    void broadcastAndTransformGiveBitIdenticalPredictionsAndNaNForUnknownIds() {
        Map<String, Double> transform = predict(Predictor.TRANSFORM);
        Map<String, Double> broadcast = predict(Predictor.BROADCAST);
        assertEquals(22 * 32, transform.size());
        assertEquals(transform.keySet(), broadcast.keySet());
        int known = 0;
        for (Map.Entry<String, Double> e : transform.entrySet()) {
            String[] um = e.getKey().split(":");
            boolean unknown = Integer.parseInt(um[0]) > 20 || Integer.parseInt(um[1]) > 30;
            double b = broadcast.get(e.getKey());
            if (unknown) {
                assertTrue(
                        Double.isNaN(e.getValue()) && Double.isNaN(b), e.getKey() + " is unknown: NaN in both modes");
            } else {
                assertFalse(Double.isNaN(b), e.getKey());
                assertEquals(
                        Double.doubleToLongBits(e.getValue()),
                        Double.doubleToLongBits(b),
                        "same bits for " + e.getKey());
                known++;
            }
        }
        assertEquals(20 * 30, known);
    }

    /**
     * What the Flink scorer predicts with: the factor tables read from the saved model's Parquet without Spark, the same
     * bits as ALSModel.transform, NaN for unknown ids.
     */
    @Test
    void factorsReadFromTheSavedModelWithoutSparkPredictTheSameBits(@TempDir Path dir) throws Exception {
        model.write().overwrite().save(dir.resolve("als").toString());
        Factors factors = Factors.read(dir.resolve("als"));
        assertEquals(20, factors.userCount());
        assertEquals(30, factors.movieCount());
        Map<String, Double> transform = predict(Predictor.TRANSFORM);
        for (Map.Entry<String, Double> e : transform.entrySet()) {
            String[] um = e.getKey().split(":");
            double f = factors.predict(Integer.parseInt(um[0]), Integer.parseInt(um[1]));
            assertEquals(
                    Double.doubleToLongBits(e.getValue()), Double.doubleToLongBits(f), "same bits for " + e.getKey());
        }
    }

    /** The Flink scorer reads the requests with MessageFormat.decode, Spark with from_json: the same values. */
    @Test
    void decodeReadsWhatSparksFromJsonReads() {
        List<Row> messages = new ArrayList<>();
        List<byte[]> raw = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] m = MessageFormat.encode(
                    i * 37, i * 101 % 977, 1_796_000_000_000_000L + i * 123_457L, i % 32, i * 9_999_999L);
            raw.add(m);
            messages.add(RowFactory.create(new String(m, StandardCharsets.US_ASCII)));
        }
        List<Row> parsed = spark.createDataFrame(messages, new StructType().add("value", DataTypes.StringType))
                .select(functions
                        .from_json(functions.col("value"), ScorerMain.MESSAGE)
                        .as("m"))
                .select("m.userId", "m.movieId", "m.timestamp", "m.generatorId", "m.seq")
                .collectAsList();
        for (int i = 0; i < raw.size(); i++) {
            MessageFormat.Request r = MessageFormat.decode(raw.get(i));
            Row s = parsed.get(i);
            assertEquals(
                    List.of(s.getInt(0), s.getInt(1), s.getLong(2), s.getInt(3), s.getLong(4)),
                    List.of(r.userId(), r.movieId(), r.timestampMicros(), r.generatorId(), r.seq()));
        }
        assertNull(MessageFormat.decode("{\"userId\":1,\"movieId\":2}".getBytes(StandardCharsets.US_ASCII)));
        assertNull(MessageFormat.decode("not json".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(
                new MessageFormat.Request(5, 6, -7, 8, 9),
                MessageFormat.decode(
                        "{ \"seq\": 9, \"generatorId\": 8, \"timestamp\": -7, \"movieId\": 6, \"userId\": 5 }"
                                .getBytes(StandardCharsets.US_ASCII)));
    }
}
