package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acked messages against scored ones as sets, on a handful of rows whose answer is counted by hand. */
class ScoredRowsTest {
    @TempDir
    Path tmp;

    @Test
    void scoredMessagesAreMatchedToTheAckedRangesOfTheirGeneratorWarmupRowsLeftOut() throws Exception {
        // (generatorId, seq) scored: two warm-up rows, (0,1) twice, (0,3) whose ack failed, (1,0) and (1,7)
        Path parquet = tmp.resolve("part-0.parquet");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = db.createStatement()) {
            s.execute("COPY (SELECT make_timestamp(0) AS timestampGenerator, make_timestamp(0) AS timestampKafka, "
                    + "make_timestamp(0) AS timestampSpark, make_timestamp(1) AS ProcessedTimestamp, 1e-6 AS EventLatency, "
                    + "0.0 AS ProcessingLatency, 3.5 AS prediction, CAST(g AS INTEGER) AS generatorId, CAST(q AS BIGINT) AS seq, "
                    + "1 AS userID, 1 AS movieID FROM (VALUES (-1, 0), (-1, 1), (0, 0), (0, 1), (0, 1), (0, 3), (1, 0), (1, 7)) v(g, q)) "
                    + "TO '" + parquet + "' (FORMAT parquet)");
        }
        try (ScoredRows rows = ScoredRows.open(List.of(parquet), "256MB")) {
            // acked: generator 0 seqs 0..2; generator 1 seqs 0 and 5..9
            ScoredRows.AckedCounts c = rows.acked(List.of(
                    new ScoredRows.AckedRange(0, 0, 2),
                    new ScoredRows.AckedRange(1, 0, 0),
                    new ScoredRows.AckedRange(1, 5, 9)));
            assertEquals(
                    new ScoredRows.AckedCounts(9, 4, 5), c, "(0,0) (0,1) (1,0) (1,7) acked and scored, of 5 distinct");
            assertEquals(5, c.lost(), "(0,2), (1,5), (1,6), (1,8), (1,9)");
            assertEquals(1, c.scoredNotAcked(), "(0,3)");
            assertEquals(
                    new ScoredRows.AckedCounts(0, 0, 5),
                    rows.acked(List.of()),
                    "nothing acked: every scored one was not");
        }
    }
}
