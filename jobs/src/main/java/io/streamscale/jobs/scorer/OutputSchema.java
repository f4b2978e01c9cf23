package io.streamscale.jobs.scorer;

import java.util.List;
import java.util.stream.Stream;

/**
 * The scorer's Parquet columns: exactly the seed report's Table 1 (names and order), then the accounting columns.
 * Timestamps are Spark TIMESTAMP (microseconds); latencies are seconds as DOUBLE; scoredOn names the node whose clock
 * stamped ProcessedTimestamp (the analysis corrects latencies by its offset).
 */
public final class OutputSchema {
    public static final List<String> TABLE_1 = List.of(
            "userID",
            "movieID",
            "timestampGenerator",
            "timestampKafka",
            "timestampSpark",
            "prediction",
            "EventLatency",
            "ProcessingLatency",
            "ProcessedTimestamp");
    public static final List<String> ACCOUNTING =
            List.of("generatorId", "seq", "kafkaPartition", "kafkaOffset", "scoredOn");

    /** What a consumer of the output topic adds (Kafka sink): when the row arrived, on which node. */
    public static final List<String> DELIVERY = List.of("deliveredTimestamp", "deliveredOn");

    private OutputSchema() {}

    public static List<String> all() {
        return Stream.concat(TABLE_1.stream(), ACCOUNTING.stream()).toList();
    }
}
