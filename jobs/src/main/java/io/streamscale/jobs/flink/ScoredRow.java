package io.streamscale.jobs.flink;

/**
 * One output row of the Flink scorer: the columns of {@code OutputSchema.all()} in its order, timestamps as epoch
 * microseconds (UTC), latencies in seconds. timestampSpark keeps its Table 1 name: here it is when the row left the
 * Kafka source in its task (as in Spark's real-time mode).
 */
public record ScoredRow(
        int userID,
        int movieID,
        long timestampGenerator,
        long timestampKafka,
        long timestampSpark,
        double prediction,
        double EventLatency,
        double ProcessingLatency,
        long ProcessedTimestamp,
        int generatorId,
        long seq,
        int kafkaPartition,
        long kafkaOffset,
        String scoredOn) {}
