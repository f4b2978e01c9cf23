package io.streamscale.jobs.flink;

import io.streamscale.jobs.fs.LocalParquet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Per Kafka partition, the offset after the highest one in a committed part file: what a reader of the output can
 * already see. The drain goes by it: the source's own offset commit to Kafka follows a checkpoint only when its fetcher
 * next returns from a poll, up to 10 s later once the topic is idle. Each file is read once, as it appears (its two
 * offset columns only).
 */
final class ScoredOffsets {
    private static final MessageType OFFSETS = Types.buildMessage()
            .addField(Types.optional(PrimitiveTypeName.INT32).named("kafkaPartition"))
            .addField(Types.optional(PrimitiveTypeName.INT64).named("kafkaOffset"))
            .named("spark_schema");
    private final Map<Integer, Long> next = new ConcurrentHashMap<>();

    /** Adds a committed part file's rows. */
    void add(Path file) {
        Map<Integer, Long> here = new HashMap<>();
        try (ParquetReader<Group> r = LocalParquet.rows(file, OFFSETS)) {
            for (Group g = r.read(); g != null; g = r.read()) {
                here.merge(g.getInteger(0, 0), g.getLong(1, 0) + 1, Math::max);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the offsets in " + file, e);
        }
        here.forEach((p, o) -> next.merge(p, o, Math::max));
    }

    /** Partition → the offset after the highest scored, readable one. */
    Map<Integer, Long> snapshot() {
        return Map.copyOf(next);
    }
}
