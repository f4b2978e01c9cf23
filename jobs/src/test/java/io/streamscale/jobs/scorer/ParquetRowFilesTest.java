package io.streamscale.jobs.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRowFilesTest {
    static final StructType SCHEMA = new StructType()
            .add("userID", DataTypes.IntegerType)
            .add("timestampSpark", DataTypes.TimestampType)
            .add("prediction", DataTypes.DoubleType)
            .add("kafkaPartition", DataTypes.IntegerType)
            .add("kafkaOffset", DataTypes.LongType)
            .add("scoredOn", DataTypes.StringType);

    @TempDir
    Path out;

    static Row row(int user, long micros, double prediction, int partition, long offset) {
        Timestamp t = new Timestamp(Math.floorDiv(micros, 1000));
        t.setNanos((int) Math.floorMod(micros, 1_000_000) * 1000);
        return new GenericRowWithSchema(new Object[] {user, t, prediction, partition, offset, "n" + partition}, SCHEMA);
    }

    /** One task of one epoch: open, the rows, close with {@code error}. */
    void task(long epoch, List<Row> rows, Throwable error) {
        ParquetRowFiles w = new ParquetRowFiles(out, SCHEMA);
        w.open(3, epoch);
        rows.forEach(w::process);
        w.close(error);
    }

    List<Path> results() throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        }
    }

    static List<Group> read(Path file) throws IOException {
        List<Group> rows = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(
                        new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                .build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                rows.add(g);
            }
        }
        return rows;
    }

    @Test
    void aTaskWritesOneFileNamedByEpochAndTaskWithTheValuesToTheMicrosecond() throws IOException {
        task(
                7,
                List.of(row(1, 1_700_000_000_123_456L, 3.5, 2, 40), row(2, 1_700_000_000_200_001L, Double.NaN, 2, 41)),
                null);
        assertEquals(List.of(out.resolve("rt-e0000000007-p00003.parquet")), results());
        List<Group> rows = read(results().get(0));
        assertEquals(2, rows.size());
        assertEquals(1, rows.get(0).getInteger("userID", 0));
        assertEquals(1_700_000_000_123_456L, rows.get(0).getLong("timestampSpark", 0));
        assertEquals(1_700_000_000_200_001L, rows.get(1).getLong("timestampSpark", 0));
        assertTrue(Double.isNaN(rows.get(1).getDouble("prediction", 0)));
        assertEquals(41L, rows.get(1).getLong("kafkaOffset", 0));
        assertEquals("n2", rows.get(1).getString("scoredOn", 0));
        assertTrue(ParquetRowFiles.parquetSchema(SCHEMA)
                .getType("timestampSpark")
                .getLogicalTypeAnnotation()
                .toString()
                .contains("MICROS"));
    }

    /**
     * The driver died with epochs 7 and 8 written but only 6 committed (asynchronous commits): the restart removes 7
     * and 8 and runs 7 again from 6's end, for a fresh interval that may read more or fewer rows. Every row once.
     */
    @Test
    void aRestartedQueryDropsTheEpochsAfterItsLastCommitAndScoresThemOnce() throws IOException {
        Path checkpoint = out.resolveSibling(out.getFileName() + "-cp");
        Files.createDirectories(checkpoint.resolve("commits"));
        for (String c : List.of("5", "6", ".6.crc")) {
            Files.writeString(checkpoint.resolve("commits").resolve(c), "v1");
        }
        task(6, List.of(row(1, 1, 1, 0, 99)), null);
        task(7, List.of(row(1, 1, 1, 0, 100), row(2, 2, 2, 0, 101)), null);
        task(8, List.of(row(3, 3, 3, 0, 102), row(4, 4, 4, 0, 103)), null);
        task(8, List.of(row(9, 9, 9, 1, 500)), new RuntimeException("killed")); // in progress when the driver died
        assertEquals(2, ParquetRowFiles.discardUncommitted(out, checkpoint));
        task(
                7,
                List.of(row(1, 1, 1, 0, 100), row(2, 2, 2, 0, 101), row(3, 3, 3, 0, 102)),
                null); // epoch 7 again, longer
        task(
                7,
                List.of(row(1, 1, 1, 0, 100), row(2, 2, 2, 0, 101), row(3, 3, 3, 0, 102)),
                null); // a task retried in it
        task(8, List.of(row(4, 4, 4, 0, 103)), null);
        List<Long> offsets = new ArrayList<>();
        for (Path f : results()) {
            read(f).forEach(g -> offsets.add(g.getLong("kafkaOffset", 0)));
        }
        assertEquals(
                List.of(99L, 100L, 101L, 102L, 103L), offsets.stream().sorted().toList());
        assertEquals(
                3,
                ParquetRowFiles.discardUncommitted(out, out.resolve("no-checkpoint-yet")),
                "without a commit every epoch is after it");
    }

    @Test
    void anAttemptThatReadNothingRemovesAnEarlierAttemptsFileOfItsEpoch() throws IOException {
        task(4, List.of(row(1, 1, 1, 0, 10), row(2, 2, 2, 0, 11)), null);
        task(
                4, List.of(),
                null); // the same task again, in the same epoch: Spark's offsets for it are now where it started
        assertEquals(List.of(), results(), "its rows are read again by the next epoch");
    }

    @Test
    void aFailedTaskOrOneWithoutRowsLeavesNoResult() throws IOException {
        task(1, List.of(row(1, 1, 1, 0, 5)), new RuntimeException("executor lost"));
        task(2, List.of(), null);
        assertEquals(List.of(), results());
        try (Stream<Path> s = Files.list(out.resolve(ParquetRowFiles.IN_PROGRESS))) {
            assertEquals(0, s.count(), "the failed attempt's in-progress file is removed");
        }
    }

    @Test
    void aColumnTheSinkCannotWriteFailsWhenTheQueryIsBuilt() {
        StructType withString = SCHEMA.add("title", DataTypes.BinaryType);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ParquetRowFiles(out, withString));
        assertTrue(e.getMessage().contains("title"), e.getMessage());
    }
}
