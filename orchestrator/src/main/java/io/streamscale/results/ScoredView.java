package io.streamscale.results;

import io.streamscale.results.ScoredRows.Clocks;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The view {@code scored} over a run's Parquet, read in place: every row's timestamps moved onto the orchestrator's
 * clock by its node's and generator's offsets, its committed latency from when its file became readable, and the
 * latencies derived from them (ev, pr, ing, cm, dl) that every question of {@link ScoredRows} asks.
 */
final class ScoredView {
    private ScoredView() {}

    static void create(Statement s, List<Path> files, Clocks clocks, ReadableAt readable) throws SQLException {
        String list =
                files.stream().map(p -> "'" + quote(p.toString()) + "'").collect(Collectors.joining(", ", "[", "]"));
        s.execute("CREATE VIEW parquet AS SELECT * FROM read_parquet(" + list + ", filename = true)");
        List<String> written = columns(s, "parquet");
        // runs before scoredOn: one clock for all; rows not read from an output topic: no delivery
        s.execute("CREATE VIEW raw AS SELECT *"
                + (written.contains("scoredOn") ? "" : ", NULL::VARCHAR AS scoredOn")
                + (written.contains("deliveredTimestamp")
                        ? ""
                        : ", NULL::TIMESTAMP AS deliveredTimestamp, NULL::VARCHAR AS deliveredOn")
                + " FROM parquet");
        clockTables(s, clocks);
        s.execute("CREATE TABLE file_readable(filename VARCHAR, us BIGINT)");
        if (!readable.micros().isEmpty()) {
            s.execute("INSERT INTO file_readable VALUES "
                    + readable.micros().entrySet().stream()
                            .map(e -> "('" + quote(e.getKey().toString()) + "', " + e.getValue() + ")")
                            .collect(Collectors.joining(", ")));
        }
        String spark = clocks.sparkStampMicros() == null ? "s_us" : String.valueOf(clocks.sparkStampMicros());
        long k = clocks.brokerMicros();
        s.execute(
                "CREATE VIEW stamped AS SELECT raw.*, coalesce(nc.us, 0) AS s_us, coalesce(gc.us, 0) AS g_us,"
                        + " coalesce(dc.us, 0) AS d_us FROM raw LEFT JOIN node_clock nc ON raw.scoredOn = nc.node"
                        + " LEFT JOIN gen_clock gc ON raw.generatorId = gc.g LEFT JOIN node_clock dc ON raw.deliveredOn = dc.node");
        s.execute("CREATE VIEW readable AS SELECT stamped.*, fr.us AS committed_us FROM stamped"
                + " LEFT JOIN file_readable fr ON stamped.filename = fr.filename");
        s.execute("CREATE VIEW scored AS SELECT epoch_us(timestampGenerator) - g_us AS gen, epoch_us(timestampKafka) - "
                + k
                + " AS kafka, epoch_us(timestampSpark) - " + spark
                + " AS spark, epoch_us(ProcessedTimestamp) - s_us AS processed, "
                + "EventLatency - (s_us - g_us) / 1e6 AS ev, ProcessingLatency - (s_us - " + spark
                + ") / 1e6 AS pr, "
                + "((epoch_us(timestampKafka) - " + k
                + ") - (epoch_us(timestampGenerator) - g_us)) / 1e6 AS ing, "
                + "committed_us AS committed, (committed_us - (epoch_us(timestampGenerator) - g_us)) / 1e6 AS cm, "
                + "((epoch_us(deliveredTimestamp) - d_us) - (epoch_us(timestampGenerator) - g_us)) / 1e6 AS dl, "
                + "prediction, generatorId, seq, userID AS user_id, movieID AS movie_id, scoredOn FROM readable");
    }

    private static void clockTables(Statement s, Clocks clocks) throws SQLException {
        s.execute("CREATE TABLE node_clock(node VARCHAR, us BIGINT)");
        s.execute("CREATE TABLE gen_clock(g INTEGER, us BIGINT)");
        for (var e : clocks.nodeMicros().entrySet()) {
            s.execute("INSERT INTO node_clock VALUES ('" + quote(e.getKey()) + "', " + e.getValue() + ")");
        }
        if (!clocks.generatorMicros().isEmpty()) {
            s.execute("INSERT INTO gen_clock VALUES "
                    + clocks.generatorMicros().entrySet().stream()
                            .map(e -> "(" + e.getKey() + ", " + e.getValue() + ")")
                            .collect(Collectors.joining(", ")));
        }
    }

    static List<String> columns(Statement s, String view) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT column_name FROM (DESCRIBE " + view + ")")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private static String quote(String s) {
        return ScoredRows.quote(s);
    }
}
