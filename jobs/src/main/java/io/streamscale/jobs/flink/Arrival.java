package io.streamscale.jobs.flink;

/**
 * A request as it left the Kafka source: the message's fields, the broker's append time (LogAppendTime, epoch
 * microseconds), where it was in the topic, and when this task read it ({@code readMicros}, the Flink task's clock).
 */
public record Arrival(
        int userId,
        int movieId,
        long timestampMicros,
        int generatorId,
        long seq,
        long kafkaMicros,
        int partition,
        long offset,
        long readMicros) {}
