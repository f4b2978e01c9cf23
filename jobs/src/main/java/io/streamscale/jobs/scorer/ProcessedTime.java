package io.streamscale.jobs.scorer;

import static org.apache.spark.sql.functions.udf;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.types.DataTypes;

/**
 * ProcessedTimestamp: a per-row wall-clock timestamp, evaluated in the write task where the row goes to the Parquet
 * writer. Non-deterministic, so Spark neither folds it into a constant nor evaluates it twice. (Its own class: the
 * executors load it, and it must not drag the driver's command-line classes along.)
 */
final class ProcessedTime {
    private ProcessedTime() {
    }

    static Column now() {
        UDF0<Timestamp> now = () -> Timestamp.from(Instant.now());
        return udf(now, DataTypes.TimestampType).asNondeterministic().apply();
    }
}
