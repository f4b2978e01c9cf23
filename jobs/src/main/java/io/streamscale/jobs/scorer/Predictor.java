package io.streamscale.jobs.scorer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.streamscale.jobs.model.Factors;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Adds a {@code prediction} column (DOUBLE; NaN for a user or movie the model does not know) to rows with
 * {@code userId} and {@code movieId}, in one of two modes that give identical values:
 * <ul>
 *   <li>{@code transform}: {@link ALSModel#transform}, as the seed system did (two joins with the factor tables);</li>
 *   <li>{@code broadcast}: the factor tables broadcast once, and a float dot product per row, in the same order of
 *       summation as ALSModel's own predict function ({@link Factors#predict}, which the Flink scorer uses too), so
 *       the float result is bit-identical.</li>
 * </ul>
 */
public enum Predictor {
    TRANSFORM,
    BROADCAST;

    public static Predictor parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    public Dataset<Row> predict(ALSModel model, Dataset<Row> requests) {
        Dataset<Row> withPrediction = switch (this) {
            case TRANSFORM ->
                model.setUserCol("userId")
                        .setItemCol("movieId")
                        .setPredictionCol("prediction")
                        .setColdStartStrategy("nan")
                        .transform(requests);
            case BROADCAST ->
                requests.withColumn("prediction", broadcastDot(model).apply(col("userId"), col("movieId")));
        };
        return withPrediction.withColumn("prediction", col("prediction").cast(DataTypes.DoubleType));
    }

    private static UserDefinedFunction broadcastDot(ALSModel model) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(
                model.userFactors().sparkSession().sparkContext());
        Broadcast<Factors> factors =
                jsc.broadcast(new Factors(factors(model.userFactors()), factors(model.itemFactors())));
        UDF2<Integer, Integer, Float> dot =
                (u, m) -> u == null || m == null ? Float.NaN : factors.value().predict(u, m);
        return udf(dot, DataTypes.FloatType);
    }

    private static Map<Integer, float[]> factors(Dataset<Row> table) {
        Map<Integer, float[]> out = new HashMap<>();
        for (Row r : table.collectAsList()) {
            List<Object> f = r.getList(1);
            float[] v = new float[f.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = ((Number) f.get(i)).floatValue();
            }
            out.put(r.getInt(0), v);
        }
        return out;
    }
}
