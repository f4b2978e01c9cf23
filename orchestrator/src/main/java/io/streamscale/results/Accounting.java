package io.streamscale.results;

/**
 * Where every message went: sent and acked by the generators, scored rows, distinct (generatorId, seq) among them,
 * duplicates (rows beyond the first of a message), lost (acked but never scored), NaN predictions.
 */
public record Accounting(long sent, long acked, long failed, long scoredRows, long distinct, long duplicates, long lost,
                         long nanPredictions) {
}
