package io.streamscale.results;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A run's scored rows (the scorer's Parquet), aggregated in place by an embedded DuckDB: no copy, one scan per question,
 * memory bounded by {@code memory_limit} (larger sorts spill to a temporary directory). Times are microseconds since the
 * epoch; latencies seconds.
 */
public final class ScoredRows implements AutoCloseable {
    private static final String STATS =
            "count(%1$s), avg(%1$s), var_samp(%1$s), quantile_cont(%1$s, [0.5, 0.95, 0.99]), max(%1$s)";
    private static final int STATS_COLUMNS = 5;
    private final Connection db;
    private final Path spill;
    private final boolean empty;

    private ScoredRows(Connection db, boolean empty, Path spill) {
        this.db = db;
        this.spill = spill;
        this.empty = empty;
    }

    /**
     * What to subtract from each row's timestamps to put them on the orchestrator's clock ({@link ClockCorrection}).
     *
     * @param nodeMicros       per node name (the rows' scoredOn): its applied offset
     * @param generatorMicros  per generatorId: its node's applied offset
     * @param sparkStampMicros the offset of the clock that stamped timestampSpark; null: the scoring node's (real-time)
     * @param brokerMicros     the brokers' offset (timestampKafka)
     */
    public record Clocks(
            Map<String, Long> nodeMicros,
            Map<Integer, Long> generatorMicros,
            Long sparkStampMicros,
            long brokerMicros) {
        public static final Clocks NONE = new Clocks(Map.of(), Map.of(), 0L, 0);
    }

    /**
     * @param memoryLimit DuckDB's memory limit, e.g. {@code 1GB}
     */
    public static ScoredRows open(List<Path> files, String memoryLimit) {
        return open(files, memoryLimit, Clocks.NONE, ReadableAt.NONE);
    }

    /**
     * As {@link #open(List, String)}, every timestamp and latency corrected by {@code clocks}, and each row's
     * committed latency from when its file became readable ({@code readable}).
     */
    public static ScoredRows open(List<Path> files, String memoryLimit, Clocks clocks, ReadableAt readable) {
        Path spillDir = SpillDir.create();
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Connection db = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = db.createStatement()) {
                s.execute("SET memory_limit = '" + memoryLimit + "'");
                s.execute("SET temp_directory = '" + quote(spillDir.toString()) + "'");
                s.execute("SET preserve_insertion_order = false");
                if (!files.isEmpty()) {
                    ScoredView.create(s, files, clocks, readable);
                }
            }
            return new ScoredRows(db, files.isEmpty(), spillDir);
        } catch (SQLException | ClassNotFoundException e) {
            SpillDir.remove(spillDir);
            throw new ResultsException(
                    "cannot read the scored rows (" + files.size() + " Parquet files): " + e.getMessage(), e);
        }
    }

    /** Rows, distinct (generatorId, seq), NaN or missing predictions. */
    public record Counts(long rows, long distinct, long nanPredictions) {
        public long duplicates() {
            return rows - distinct;
        }
    }

    public Counts counts() {
        return counts("");
    }

    /** Rows and distinct messages whose generator time falls in [from, to). */
    public Counts counts(long fromMicros, long toMicros) {
        return counts(" WHERE gen >= " + fromMicros + " AND gen < " + toMicros);
    }

    private Counts counts(String where) {
        if (empty) {
            return new Counts(0, 0, 0);
        }
        return query(
                "SELECT count(*), count(*) FILTER (WHERE prediction IS NULL OR isnan(prediction)), "
                        + "(SELECT count(*) FROM (SELECT DISTINCT generatorId, seq FROM scored" + where
                        + ")) FROM scored" + where,
                r -> new Counts(r.getLong(1), r.getLong(3), r.getLong(2)));
    }

    /** Seqs {@code from..to} (both included) of generator {@code generatorId}, all acked. */
    public record AckedRange(int generatorId, long from, long to) {}

    /**
     * Acked messages against the distinct scored ones, as sets: {@code acked} in the ranges, {@code scoredAcked} of them
     * scored, and {@code distinct} scored messages of the generators (warm-up rows, generatorId -1, left out).
     */
    public record AckedCounts(long acked, long scoredAcked, long distinct) {
        /** Acked but never scored: not masked by messages whose ack failed but that reached Kafka and were scored. */
        public long lost() {
            return acked - scoredAcked;
        }

        /** Scored but never acked (the ack failed or timed out, yet the message reached Kafka). */
        public long scoredNotAcked() {
            return distinct - scoredAcked;
        }
    }

    /**
     * The scored messages inside {@code ranges} (which do not overlap), by an ASOF join: each distinct scored message meets
     * the range of its generator that starts last at or before its seq, and is in it when its seq is not past the range's
     * end. Sort-based, so however many ranges failures cut the acks into.
     */
    public AckedCounts acked(List<AckedRange> ranges) {
        long acked = ranges.stream().mapToLong(r -> r.to() - r.from() + 1).sum();
        if (empty) {
            return new AckedCounts(acked, 0, 0);
        }
        try (Statement s = db.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE acked (g INTEGER, lo BIGINT, hi BIGINT)");
            try (DuckDBAppender a =
                    db.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "acked")) {
                for (AckedRange r : ranges) {
                    a.beginRow(); // DuckDB 1.1's appender (its last for glibc 2.17) does not chain
                    a.append(r.generatorId());
                    a.append(r.from());
                    a.append(r.to());
                    a.endRow();
                }
            }
        } catch (SQLException e) {
            throw new ResultsException("cannot load the acked ranges: " + e.getMessage(), e);
        }
        return query(
                "SELECT count(*) FILTER (WHERE d.seq <= a.hi), count(*) "
                        + "FROM (SELECT DISTINCT generatorId, seq FROM scored WHERE generatorId >= 0) d "
                        + "ASOF LEFT JOIN acked a ON d.generatorId = a.g AND d.seq >= a.lo",
                r -> new AckedCounts(acked, r.getLong(1), r.getLong(2)));
    }

    /**
     * Event, processing, ingest, committed and delivered latency of the rows generated in [from, to) (committed: of rows
     * with a commit time; delivered: of rows read from the output topic).
     */
    public List<LatencyStats> latencies(long fromMicros, long toMicros) {
        if (empty) {
            return List.of(
                    LatencyStats.EMPTY, LatencyStats.EMPTY, LatencyStats.EMPTY, LatencyStats.EMPTY, LatencyStats.EMPTY);
        }
        return query(
                "SELECT " + STATS.formatted("ev") + ", " + STATS.formatted("pr") + ", " + STATS.formatted("ing") + ", "
                        + STATS.formatted("cm") + ", " + STATS.formatted("dl") + " FROM scored WHERE gen >= "
                        + fromMicros + " AND gen < " + toMicros,
                r -> List.of(
                        stats(r, 1),
                        stats(r, 1 + STATS_COLUMNS),
                        stats(r, 1 + 2 * STATS_COLUMNS),
                        stats(r, 1 + 3 * STATS_COLUMNS),
                        stats(r, 1 + 4 * STATS_COLUMNS)));
    }

    /** The Parquet's columns, in order (empty without rows). */
    public List<String> columns() {
        List<String> out = new ArrayList<>();
        if (empty) {
            return out;
        }
        try (Statement s = db.createStatement()) {
            out.addAll(ScoredView.columns(s, "parquet"));
            out.remove("filename"); // DuckDB's, not the file's
        } catch (SQLException e) {
            throw new ResultsException("cannot read the scored rows' columns: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * What must hold of every row, counted where it does not: an event latency that is not positive, a row processed
     * before Spark read it (a negative processing latency; 0 is usual in real-time mode, read and written in the same
     * microsecond), an EventLatency that is not ProcessedTimestamp − timestampGenerator (to the microsecond); and the
     * smallest latencies.
     */
    public record Invariants(
            long nonPositiveEventLatencies,
            long processedBeforeSparkStart,
            long eventLatencyInconsistent,
            double minEvent,
            double minProcessing) {
        static final Invariants NONE = new Invariants(0, 0, 0, Double.NaN, Double.NaN);
    }

    public Invariants invariants() {
        if (empty) {
            return Invariants.NONE;
        }
        return query(
                "SELECT count(*) FILTER (WHERE ev <= 0), count(*) FILTER (WHERE processed < spark), "
                        + "count(*) FILTER (WHERE abs((processed - gen) / 1e6 - ev) > 1e-6), min(ev), min(pr) FROM scored",
                r -> new Invariants(r.getLong(1), r.getLong(2), r.getLong(3), r.getDouble(4), r.getDouble(5)));
    }

    /** One scored row's ids and prediction. */
    public record Prediction(int user, int movie, double prediction) {}

    /** Up to {@code n} rows drawn at random (a fixed seed: the same rows each time). */
    public List<Prediction> sample(int n) {
        List<Prediction> out = new ArrayList<>();
        if (empty) {
            return out;
        }
        String sql = "SELECT user_id, movie_id, prediction FROM scored USING SAMPLE reservoir(" + n
                + " ROWS) REPEATABLE (7)";
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(new Prediction(r.getInt(1), r.getInt(2), r.getObject(3) == null ? Double.NaN : r.getDouble(3)));
            }
        } catch (SQLException e) {
            throw new ResultsException("cannot sample the scored rows: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Windows of {@code widthMicros} from {@code originMicros}, by generator time (input, latencies) and by processed time
     * (output), from the first to the last window holding either.
     */
    public List<Window> windows(long originMicros, long widthMicros) {
        List<Window> out = new ArrayList<>();
        if (empty) {
            return out;
        }
        String sql = "WITH g AS (SELECT (gen - " + originMicros + ") // " + widthMicros + " AS w, "
                + STATS.formatted("ev") + ", "
                + STATS.formatted("pr") + ", " + STATS.formatted("ing") + ", " + STATS.formatted("cm") + ", "
                + STATS.formatted("dl")
                + " FROM scored WHERE gen >= "
                + originMicros + " GROUP BY w), "
                + "o AS (SELECT (processed - " + originMicros + ") // " + widthMicros
                + " AS w, count(*) AS n FROM scored WHERE processed >= "
                + originMicros + " GROUP BY w) "
                + "SELECT coalesce(g.w, o.w) AS w, g.* EXCLUDE (w), coalesce(o.n, 0) FROM g FULL OUTER JOIN o ON g.w = o.w ORDER BY 1";
        double seconds = widthMicros / 1e6;
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                long w = r.getLong(1);
                LatencyStats ev = stats(r, 2);
                out.add(new Window(
                        originMicros + w * widthMicros,
                        w * seconds,
                        seconds,
                        ev.count(),
                        r.getLong(2 + 5 * STATS_COLUMNS),
                        ev,
                        stats(r, 2 + STATS_COLUMNS),
                        stats(r, 2 + 2 * STATS_COLUMNS),
                        stats(r, 2 + 3 * STATS_COLUMNS),
                        stats(r, 2 + 4 * STATS_COLUMNS)));
            }
        } catch (SQLException e) {
            throw new ResultsException("cannot aggregate windows: " + e.getMessage(), e);
        }
        return out;
    }

    private static LatencyStats stats(ResultSet r, int i) throws SQLException {
        long n = r.getLong(i);
        if (n == 0) {
            return LatencyStats.EMPTY;
        }
        Array q = r.getArray(i + 3);
        Object[] p = (Object[]) q.getArray();
        double var = r.getObject(i + 2) == null ? Double.NaN : r.getDouble(i + 2);
        return new LatencyStats(n, r.getDouble(i + 1), var, num(p[0]), num(p[1]), num(p[2]), r.getDouble(i + 4));
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private interface Reader<T> {
        T read(ResultSet r) throws SQLException;
    }

    private <T> T query(String sql, Reader<T> reader) {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return reader.read(r);
        } catch (SQLException e) {
            throw new ResultsException("cannot read the scored rows: " + e.getMessage(), e);
        }
    }

    static String quote(String s) {
        return s.replace("'", "''");
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // nothing held but memory
        } finally {
            SpillDir.remove(spill);
        }
    }
}
