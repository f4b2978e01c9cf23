package io.streamscale.jobs.scorer;

import static org.apache.spark.sql.functions.udf;

import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF0;
import org.apache.spark.sql.types.DataTypes;

/**
 * A per-row wall-clock timestamp, taken where the column is evaluated in the task: ProcessedTimestamp (after the
 * prediction, as the row goes to the writer) and, in real-time mode, timestampSpark (as the row leaves the Kafka
 * source; {@code current_timestamp()} is one value per epoch there). Non-deterministic, so Spark neither folds it into a
 * constant nor evaluates it twice. (Its own class: the executors load it, and it must not drag the driver's command-line
 * classes along.)
 */
final class WallClock {
    private WallClock() {}

    static Column now() {
        UDF0<Timestamp> now = () -> Timestamp.from(Instant.now());
        return udf(now, DataTypes.TimestampType).asNondeterministic().apply();
    }
}
