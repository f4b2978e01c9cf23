package io.streamscale.readiness;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.streamscale.remote.Remote;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * Ready when an AdminClient bootstrapped at {@code bootstrap} sees every expected broker id in the cluster.
 *
 * @param security the run's Kafka login (empty: none); never recorded with the cluster's state, never printed
 */
public record KafkaBrokersProbe(
        String bootstrap,
        List<Integer> expectedBrokerIds,
        @JsonIgnore Map<String, String> security) implements Probe {
    public KafkaBrokersProbe {
        security = security == null ? Map.of() : Map.copyOf(security);
    }

    public KafkaBrokersProbe(String bootstrap, List<Integer> expectedBrokerIds) {
        this(bootstrap, expectedBrokerIds, Map.of());
    }

    @Override
    public ProbeResult check(Remote node) {
        Map<String, Object> conf = new HashMap<>(security);
        conf.putAll(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
        try (Admin admin = Admin.create(conf)) {
            Set<Integer> seen = new TreeSet<>();
            for (Node n : admin.describeCluster().nodes().get(3, TimeUnit.SECONDS)) {
                seen.add(n.id());
            }
            return seen.containsAll(expectedBrokerIds)
                    ? ProbeResult.ready("brokers " + seen)
                    : ProbeResult.notReady("sees brokers " + seen + ", expects " + expectedBrokerIds);
        } catch (Exception e) {
            return ProbeResult.notReady("AdminClient: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "KafkaBrokersProbe[" + bootstrap + ", " + expectedBrokerIds
                + (security.isEmpty() ? "" : ", with the run's login") + "]";
    }

    @Override
    public String describe() {
        return "AdminClient at " + bootstrap + " sees brokers " + expectedBrokerIds;
    }
}
