package io.streamscale.jobs.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
}
