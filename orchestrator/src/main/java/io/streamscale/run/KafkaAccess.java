package io.streamscale.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How this machine reaches a run's Kafka: its brokers ("host:port") and, where the run locks it, the login every client
 * sets (security.protocol, sasl.mechanism, sasl.jaas.config; empty where Kafka takes anyone).
 */
public record KafkaAccess(List<String> brokers, Map<String, String> security) {
    public KafkaAccess {
        brokers = List.copyOf(brokers);
        security = Map.copyOf(security);
    }

    /** Brokers without a login (kafka.auth none, local clusters). */
    public static KafkaAccess open(List<String> brokers) {
        return new KafkaAccess(brokers, Map.of());
    }

    public String bootstrap() {
        return String.join(",", brokers);
    }

    /** A client's configuration: the login, then {@code settings}. */
    Map<String, Object> config(Map<String, Object> settings) {
        Map<String, Object> c = new HashMap<>(security);
        c.putAll(settings);
        return c;
    }

    @Override
    public String toString() {
        return bootstrap() + (security.isEmpty() ? "" : " (with the run's login)");
    }
}
