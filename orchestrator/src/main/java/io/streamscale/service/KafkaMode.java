package io.streamscale.service;

import java.util.Locale;

/** How Kafka keeps its metadata: in ZooKeeper (as the seed system did) or in its own Raft quorum. */
public enum KafkaMode {
    ZOOKEEPER,
    KRAFT;

    public static KafkaMode parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "zookeeper", "zk" -> ZOOKEEPER;
            case "kraft" -> KRAFT;
            default -> throw new IllegalArgumentException("kafka mode must be zookeeper or kraft, not '" + s + "'");
        };
    }
}
