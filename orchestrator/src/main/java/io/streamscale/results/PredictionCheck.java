package io.streamscale.results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scored predictions re-computed from the model's own factor tables (the ALSModel's {@code userFactors} and
 * {@code itemFactors} Parquet): a float dot product in ALS's order of summation, so each must equal the scored value to
 * the bit; an id the model does not know must have scored NaN.
 *
 * @param sampled    rows checked
 * @param mismatches rows whose scored prediction differs
 */
public record PredictionCheck(long sampled, long mismatches) {

    public static PredictionCheck of(List<ScoredRows.Prediction> rows, Path modelDir) {
        Map<Integer, float[]> users = factors(modelDir.resolve("als/userFactors"));
        Map<Integer, float[]> items = factors(modelDir.resolve("als/itemFactors"));
        long mismatches = 0;
        for (ScoredRows.Prediction r : rows) {
            double expected = dot(users.get(r.user()), items.get(r.movie()));
            boolean same = Double.isNaN(expected) ? Double.isNaN(r.prediction()) : expected == r.prediction();
            if (!same) {
                mismatches++;
            }
        }
        return new PredictionCheck(rows.size(), mismatches);
    }

    /** As ALSModel's predict: NaN when either factor vector is unknown. */
    static double dot(float[] a, float[] b) {
        if (a == null || b == null) {
            return Double.NaN;
        }
        float sum = 0.0f;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static Map<Integer, float[]> factors(Path table) {
        if (!Files.isDirectory(table)) {
            throw new ResultsException("no factor table at " + table + ": not a model from `streamscale train`");
        }
        Map<Integer, float[]> out = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT id, features FROM read_parquet('"
                        + table.toString().replace("'", "''") + "/*.parquet')")) {
            while (r.next()) {
                Object[] f = (Object[]) r.getArray(2).getArray();
                float[] v = new float[f.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = ((Number) f[i]).floatValue();
                }
                out.put(r.getInt(1), v);
            }
        } catch (SQLException e) {
            throw new ResultsException("cannot read " + table + ": " + e.getMessage(), e);
        }
        return out;
    }
}
