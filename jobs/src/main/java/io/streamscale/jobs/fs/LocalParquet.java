package io.streamscale.jobs.fs;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/** Reads a local Parquet file row by row without Spark (the Flink scorer's client reads the model and its output). */
public final class LocalParquet {
    private LocalParquet() {}

    /** A reader of {@code file}'s rows, of only {@code columns}' columns when given (null: all). */
    public static ParquetReader<Group> rows(Path file, MessageType columns) throws IOException {
        Builder b = new Builder(file);
        if (columns != null) {
            b.set(ReadSupport.PARQUET_READ_SCHEMA, columns.toString());
        }
        return b.build();
    }

    private static final class Builder extends ParquetReader.Builder<Group> {
        Builder(Path file) {
            super(new LocalInputFile(file));
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
