package io.streamscale.results;

/**
 * Latency of a set of rows, in seconds: sample variance, percentiles by linear interpolation between the closest ranks
 * (as Spark's {@code percentile} and numpy's default). NaN where the set is empty (and variance for a single row).
 */
public record LatencyStats(long count, double mean, double variance, double p50, double p95, double p99, double max) {
    public static final LatencyStats EMPTY =
            new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public double sd() {
        return Math.sqrt(variance);
    }
}
