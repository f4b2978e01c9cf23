package io.streamscale.results;

/**
 * Where every message went: sent and acked by the generators, scored rows, distinct (generatorId, seq) among them,
 * duplicates (rows beyond the first of a message), lost (acked but never scored), NaN predictions.
 *
 * <p>{@code lostFrom} says how lost was counted. {@link #FROM_SETS}: the acked seqs (the generators' ranges) less the
 * scored ones, with {@code scoredNotAcked} the scored messages whose ack failed. {@link #FROM_COUNTS}: acked − distinct,
 * for summaries without ranges; a message whose ack failed but that was scored hides a lost one there, and
 * {@code scoredNotAcked} is null (unknown).
 */
public record Accounting(
        long sent,
        long acked,
        long failed,
        long scoredRows,
        long distinct,
        long duplicates,
        long lost,
        long nanPredictions,
        Long scoredNotAcked,
        String lostFrom) {
    public static final String FROM_SETS = "sets";
    public static final String FROM_COUNTS = "counts";

    /** Lost as acked − distinct (at least 0): all a run whose generators did not record their acked seqs allows. */
    static Accounting fromCounts(long sent, long acked, long failed, ScoredRows.Counts c) {
        return new Accounting(
                sent,
                acked,
                failed,
                c.rows(),
                c.distinct(),
                c.duplicates(),
                Math.max(0, acked - c.distinct()),
                c.nanPredictions(),
                null,
                FROM_COUNTS);
    }

    static Accounting fromSets(long sent, long acked, long failed, ScoredRows.Counts c, ScoredRows.AckedCounts s) {
        return new Accounting(
                sent,
                acked,
                failed,
                c.rows(),
                c.distinct(),
                c.duplicates(),
                s.lost(),
                c.nanPredictions(),
                s.scoredNotAcked(),
                FROM_SETS);
    }
}
