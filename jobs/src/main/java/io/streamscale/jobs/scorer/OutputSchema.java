package io.streamscale.jobs.scorer;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The scorer's Parquet columns: exactly the seed report's Table 1 (names and order), then the accounting columns.
 * Timestamps are Spark TIMESTAMP (microseconds); latencies are seconds as DOUBLE; scoredOn names the node whose clock
 * stamped ProcessedTimestamp (the analysis corrects latencies by its offset).
 */
public final class OutputSchema {
    public static final List<String> TABLE_1 = List.of("userID", "movieID", "timestampGenerator", "timestampKafka",
            "timestampSpark", "prediction", "EventLatency", "ProcessingLatency", "ProcessedTimestamp");
    public static final List<String> ACCOUNTING = List.of("generatorId", "seq", "kafkaPartition", "kafkaOffset", "scoredOn");

    /** What a consumer of the output topic adds (Kafka sink): when the row arrived, on which node. */
    public static final List<String> DELIVERY = List.of("deliveredTimestamp", "deliveredOn");

    /** The columns with their Spark types, as the Parquet holds them. */
    public static final StructType TYPES = new StructType().add("userID", DataTypes.IntegerType).add("movieID", DataTypes.IntegerType)
            .add("timestampGenerator", DataTypes.TimestampType).add("timestampKafka", DataTypes.TimestampType)
            .add("timestampSpark", DataTypes.TimestampType).add("prediction", DataTypes.DoubleType)
            .add("EventLatency", DataTypes.DoubleType).add("ProcessingLatency", DataTypes.DoubleType)
            .add("ProcessedTimestamp", DataTypes.TimestampType).add("generatorId", DataTypes.IntegerType)
            .add("seq", DataTypes.LongType).add("kafkaPartition", DataTypes.IntegerType).add("kafkaOffset", DataTypes.LongType)
            .add("scoredOn", DataTypes.StringType);

    /** {@link #TYPES} and the delivery columns: the Parquet a consumer of the output topic writes. */
    public static final StructType DELIVERED_TYPES = TYPES.add("deliveredTimestamp", DataTypes.TimestampType)
            .add("deliveredOn", DataTypes.StringType);

    private OutputSchema() {
    }

    public static List<String> all() {
        return java.util.stream.Stream.concat(TABLE_1.stream(), ACCOUNTING.stream()).toList();
    }
}
