package io.streamscale.jobs.scorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The real-time mode's sink (it allows no file sink): each task writes its rows to one Parquet file with the same
 * columns and types as the micro-batch file sink, exactly once across retries and driver restarts.
 * <p>
 * Real-time mode runs one long task per Kafka partition and epoch (batch). It logs an epoch's end offsets and its commit
 * after the tasks end, asynchronously: the next epoch's tasks may finish before the last one's commit is on disk. A
 * restarted driver drops what was not committed and runs the first uncommitted epoch again, with the same id, from the
 * last committed end offsets, for a fresh interval. So a file is named by its epoch and task (Spark's partition id: one
 * task per Kafka partition here, the same on every attempt), written under {@value #IN_PROGRESS}/ and renamed into place
 * (atomically, replacing) when the task ends without error; a task retried within its epoch replaces it (or removes it,
 * having read nothing), and {@link #discardUncommitted} removes, before a restarted query starts, the files of every
 * epoch after the last commit. The rows are readable once their epoch ends (the trigger's checkpoint
 * interval); their timestamps say when each was processed.
 */
public final class ParquetRowFiles extends ForeachWriter<Row> {
    static final String IN_PROGRESS = "_inprogress";
    private static final Pattern FILE = Pattern.compile("rt-e(\\d+)-p\\d+\\.parquet");

    private final String output;
    private final StructType schema;
    private transient MessageType parquetSchema;
    private transient ParquetWriter<Group> writer;
    private transient Path inProgress;
    private transient String name;
    private transient long epoch;
    private transient long partition;

    ParquetRowFiles(Path output, StructType schema) {
        this.output = output.toAbsolutePath().toString();
        this.schema = schema;
        for (StructField f : schema.fields()) {
            primitive(f.dataType(), f.name()); // an unsupported column fails when the query is built, not in a task
        }
    }

    @Override
    public boolean open(long partitionId, long epochId) {
        epoch = epochId;
        partition = partitionId;
        parquetSchema = parquetSchema(schema);
        return true;
    }

    @Override
    public void process(Row row) {
        try {
            if (writer == null) {
                start();
            }
            writer.write(group(row));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + inProgress, e);
        }
    }

    @Override
    public void close(Throwable error) {
        if (writer == null) {
            if (error == null) { // no rows: an earlier attempt's file in this epoch is no result of it
                try {
                    Files.deleteIfExists(Path.of(output, fileName(epoch, partition)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove a stale " + fileName(epoch, partition), e);
                }
            }
            return;
        }
        try {
            writer.close();
            if (error == null) {
                Files.move(
                        inProgress,
                        Path.of(output, name),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(inProgress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + inProgress + " as " + name, e);
        } finally {
            writer = null;
        }
    }

    /** {@code rt-e0000000012-p00003.parquet}: epoch (batch id) and task (Spark's partition id). */
    static String fileName(long epoch, long partition) {
        return String.format(Locale.ROOT, "rt-e%010d-p%05d.parquet", epoch, partition);
    }

    /**
     * Before a query starts on {@code checkpoint}: removes the files of epochs after its last commit (they are run again)
     * and what failed tasks left in progress. Returns how many result files it removed.
     */
    static int discardUncommitted(Path output, Path checkpoint) throws IOException {
        long committed = -1;
        Path commits = checkpoint.resolve("commits");
        if (Files.isDirectory(commits)) {
            try (var s = Files.list(commits)) {
                committed = s.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches("\\d+"))
                        .mapToLong(Long::parseLong)
                        .max()
                        .orElse(-1);
            }
        }
        int removed = 0;
        if (Files.isDirectory(output)) {
            try (var s = Files.list(output)) {
                for (Path f : s.toList()) {
                    Matcher m = FILE.matcher(f.getFileName().toString());
                    if (m.matches() && Long.parseLong(m.group(1)) > committed) {
                        Files.delete(f);
                        removed++;
                    }
                }
            }
            Path inProgress = output.resolve(IN_PROGRESS);
            if (Files.isDirectory(inProgress)) {
                try (var s = Files.list(inProgress)) {
                    for (Path f : s.toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
        return removed;
    }

    private void start() throws IOException {
        name = fileName(epoch, partition);
        Path dir = Files.createDirectories(Path.of(output, IN_PROGRESS));
        inProgress = dir.resolve(name + "." + UUID.randomUUID() + ".tmp");
        writer = ExampleParquetWriter.builder(new LocalOutputFile(inProgress))
                .withType(parquetSchema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .build();
    }

    private Group group(Row row) {
        Group g = new SimpleGroup(parquetSchema);
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (row.isNullAt(i)) {
                continue;
            }
            DataType t = fields[i].dataType();
            if (t.equals(DataTypes.IntegerType)) {
                g.add(i, row.getInt(i));
            } else if (t.equals(DataTypes.LongType)) {
                g.add(i, row.getLong(i));
            } else if (t.equals(DataTypes.DoubleType)) {
                g.add(i, row.getDouble(i));
            } else if (t.equals(DataTypes.StringType)) {
                g.add(i, row.getString(i));
            } else {
                g.add(i, micros(row.getTimestamp(i)));
            }
        }
        return g;
    }

    static long micros(Timestamp t) {
        return Math.floorDiv(t.getTime(), 1000L) * 1_000_000L + t.getNanos() / 1000;
    }

    /** Spark's columns as the file sink writes them: optional, timestamps as INT64 microseconds (UTC). */
    public static MessageType parquetSchema(StructType schema) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (StructField f : schema.fields()) {
            Types.PrimitiveBuilder<PrimitiveType> field = Types.optional(primitive(f.dataType(), f.name()));
            if (f.dataType().equals(DataTypes.TimestampType)) {
                field = field.as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
            } else if (f.dataType().equals(DataTypes.StringType)) {
                field = field.as(LogicalTypeAnnotation.stringType());
            }
            b.addField(field.named(f.name()));
        }
        return b.named("spark_schema");
    }

    private static PrimitiveTypeName primitive(DataType t, String column) {
        if (t.equals(DataTypes.IntegerType)) {
            return PrimitiveTypeName.INT32;
        } else if (t.equals(DataTypes.LongType) || t.equals(DataTypes.TimestampType)) {
            return PrimitiveTypeName.INT64;
        } else if (t.equals(DataTypes.DoubleType)) {
            return PrimitiveTypeName.DOUBLE;
        } else if (t.equals(DataTypes.StringType)) {
            return PrimitiveTypeName.BINARY;
        }
        throw new IllegalArgumentException("column " + column + ": " + t + " is not written by the real-time sink");
    }
}
