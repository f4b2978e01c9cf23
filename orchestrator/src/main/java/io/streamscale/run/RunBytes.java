package io.streamscale.run;

import java.util.Locale;

/**
 * What a run writes, estimated from its messages before it runs ({@code plan}, the space checks): the results it leaves
 * in the run directory (the scored rows as Parquet, with checkpoint, progress, logs, configs and report) and the Kafka
 * log each broker node holds in its scratch during the run (the input topic, and the output topic with the Kafka sink,
 * times the replication factor, spread over the brokers; removed after the run).
 *
 * @param results        bytes left in the run directory
 * @param kafkaPerBroker bytes of Kafka log on each broker node's scratch at the end of the load
 */
public record RunBytes(long results, long kafkaPerBroker) {
    /** A scored row in Parquet: 18 262 997 bytes for 412 500 rows in the README run (1 s micro-batches, snappy). */
    static final long PARQUET_ROW = 45;
    /** A request on the input topic: its JSON (at most 95 bytes) and Kafka's record framing, uncompressed. */
    static final long REQUEST = 110;
    /** A scored row on the output topic: Table 1's columns as JSON, with framing (an estimate from the format). */
    static final long SCORED_JSON = 360;
    /** Checkpoint, progress, commit log, logs, configs and report: 0.4 MB in the README run, here with room. */
    static final long PER_RUN = 4L << 20;

    public static RunBytes of(RunSpec s) {
        long m = s.totalMessages();
        int rf = s.kafka().replicationFactor();
        long kafka = m * REQUEST * rf + (s.spark().kafkaSink() ? m * SCORED_JSON * rf : 0);
        int brokers = Math.max(1, s.cluster().kafka());
        return new RunBytes(m * PARQUET_ROW + PER_RUN, (kafka + brokers - 1) / brokers);
    }

    /** Bytes as a person reads them: 930 MB, 1.2 GB. */
    public static String format(long bytes) {
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
