package io.streamscale.jobs.flink;

import java.io.IOException;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The Flink file sink's Parquet writer: {@link ScoredRow}s as the Spark scorer's files hold them (same columns, order,
 * types: optional, timestamps INT64 microseconds UTC, Snappy), so one analysis reads every engine's output. One file
 * per subtask and checkpoint: the sink rolls bulk formats on every checkpoint and makes the file readable when the
 * checkpoint completes. (flink-parquet would do this through Avro; this writes the row directly.)
 */
final class ParquetRows implements BulkWriter.Factory<ScoredRow> {
    private static final long serialVersionUID = 1L;

    /** The Parquet schema of the output, the same as Spark's file sink writes for {@code OutputTypes.TYPES}. */
    static final MessageType SCHEMA = Types.buildMessage()
            .addField(Types.optional(PrimitiveTypeName.INT32).named("userID"))
            .addField(Types.optional(PrimitiveTypeName.INT32).named("movieID"))
            .addField(timestamp("timestampGenerator"))
            .addField(timestamp("timestampKafka"))
            .addField(timestamp("timestampSpark"))
            .addField(Types.optional(PrimitiveTypeName.DOUBLE).named("prediction"))
            .addField(Types.optional(PrimitiveTypeName.DOUBLE).named("EventLatency"))
            .addField(Types.optional(PrimitiveTypeName.DOUBLE).named("ProcessingLatency"))
            .addField(timestamp("ProcessedTimestamp"))
            .addField(Types.optional(PrimitiveTypeName.INT32).named("generatorId"))
            .addField(Types.optional(PrimitiveTypeName.INT64).named("seq"))
            .addField(Types.optional(PrimitiveTypeName.INT32).named("kafkaPartition"))
            .addField(Types.optional(PrimitiveTypeName.INT64).named("kafkaOffset"))
            .addField(Types.optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named("scoredOn"))
            .named("spark_schema");

    private static org.apache.parquet.schema.Type timestamp(String name) {
        return Types.optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named(name);
    }

    @Override
    public BulkWriter<ScoredRow> create(FSDataOutputStream out) throws IOException {
        ParquetWriter<Group> writer = ExampleParquetWriter.builder(new StreamFile(out))
                .withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
        return new BulkWriter<>() {
            @Override
            public void addElement(ScoredRow r) throws IOException {
                writer.write(group(r));
            }

            @Override
            public void flush() {
                // Parquet writes row groups and a footer: nothing is readable before finish
            }

            @Override
            public void finish() throws IOException {
                writer.close(); // the footer; the sink closes the stream itself
            }
        };
    }

    static Group group(ScoredRow r) {
        Group g = new SimpleGroup(SCHEMA);
        g.add(0, r.userID());
        g.add(1, r.movieID());
        g.add(2, r.timestampGenerator());
        g.add(3, r.timestampKafka());
        g.add(4, r.timestampSpark());
        g.add(5, r.prediction());
        g.add(6, r.EventLatency());
        g.add(7, r.ProcessingLatency());
        g.add(8, r.ProcessedTimestamp());
        g.add(9, r.generatorId());
        g.add(10, r.seq());
        g.add(11, r.kafkaPartition());
        g.add(12, r.kafkaOffset());
        g.add(13, r.scoredOn());
        return g;
    }

    /** Flink's part-file stream as Parquet's output file; closing it is the sink's job, not the Parquet writer's. */
    private record StreamFile(FSDataOutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return stream();
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return stream();
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        private PositionOutputStream stream() {
            return new PositionOutputStream() {
                @Override
                public long getPos() throws IOException {
                    return out.getPos();
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() {
                    // the sink closes (and commits) the part file
                }
            };
        }
    }
}
