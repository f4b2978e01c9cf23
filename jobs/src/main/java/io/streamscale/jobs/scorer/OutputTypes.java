package io.streamscale.jobs.scorer;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@link OutputSchema}'s columns with their Spark types, as the Parquet holds them (its own class: the orchestrator
 * reads OutputSchema without Spark on its classpath).
 */
public final class OutputTypes {
    /** The columns with their Spark types, as the Parquet holds them. */
    public static final StructType TYPES = new StructType()
            .add("userID", DataTypes.IntegerType)
            .add("movieID", DataTypes.IntegerType)
            .add("timestampGenerator", DataTypes.TimestampType)
            .add("timestampKafka", DataTypes.TimestampType)
            .add("timestampSpark", DataTypes.TimestampType)
            .add("prediction", DataTypes.DoubleType)
            .add("EventLatency", DataTypes.DoubleType)
            .add("ProcessingLatency", DataTypes.DoubleType)
            .add("ProcessedTimestamp", DataTypes.TimestampType)
            .add("generatorId", DataTypes.IntegerType)
            .add("seq", DataTypes.LongType)
            .add("kafkaPartition", DataTypes.IntegerType)
            .add("kafkaOffset", DataTypes.LongType)
            .add("scoredOn", DataTypes.StringType);

    /** {@link #TYPES} and the delivery columns: the Parquet a consumer of the output topic writes. */
    public static final StructType DELIVERED_TYPES =
            TYPES.add("deliveredTimestamp", DataTypes.TimestampType).add("deliveredOn", DataTypes.StringType);

    private OutputTypes() {}
}
