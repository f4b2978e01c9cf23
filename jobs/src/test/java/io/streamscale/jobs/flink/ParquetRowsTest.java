package io.streamscale.jobs.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamscale.jobs.scorer.OutputSchema;
import io.streamscale.jobs.scorer.OutputTypes;
import io.streamscale.jobs.scorer.ParquetRowFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.local.LocalDataOutputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flink scorer's Parquet is the Spark scorer's: one schema, values as written, one analysis for both. */
class ParquetRowsTest {
    @TempDir
    Path dir;

    @Test
    void theSchemaIsTheOneSparksSinksWrite() {
        assertEquals(ParquetRowFiles.parquetSchema(OutputTypes.TYPES), ParquetRows.SCHEMA);
        assertEquals(
                OutputSchema.all(),
                ParquetRows.SCHEMA.getFields().stream().map(Type::getName).toList());
        assertEquals(
                OutputSchema.all(),
                java.util.Arrays.stream(ScoredRow.class.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getName)
                        .toList());
    }

    @Test
    void aPartFileHoldsTheRowsAsWritten() throws Exception {
        Path file = dir.resolve("part-0.parquet");
        List<ScoredRow> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long g = 1_796_000_000_000_000L + i * 200L;
            rows.add(new ScoredRow(
                    i, i * 3, g, g + 900, g + 1500, i / 7.0, 0.0021, 0.0006, g + 2100, i % 4, i / 4, 0, i, "n2"));
        }
        try (LocalDataOutputStream out = new LocalDataOutputStream(file.toFile())) {
            BulkWriter<ScoredRow> w = new ParquetRows().create(out);
            for (ScoredRow r : rows) {
                w.addElement(r);
            }
            w.finish();
        }
        List<Group> read = new ArrayList<>();
        try (ParquetReader<Group> r = ParquetReader.builder(
                        new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
                .build()) {
            for (Group g = r.read(); g != null; g = r.read()) {
                read.add(g);
            }
        }
        assertEquals(1000, read.size());
        Group g = read.get(999);
        ScoredRow want = rows.get(999);
        assertEquals(want.userID(), g.getInteger("userID", 0));
        assertEquals(want.timestampKafka(), g.getLong("timestampKafka", 0));
        assertEquals(want.prediction(), g.getDouble("prediction", 0));
        assertEquals(want.ProcessedTimestamp(), g.getLong("ProcessedTimestamp", 0));
        assertEquals(want.seq(), g.getLong("seq", 0));
        assertEquals(want.kafkaOffset(), g.getLong("kafkaOffset", 0));
        assertEquals("n2", g.getString("scoredOn", 0));
    }
}
