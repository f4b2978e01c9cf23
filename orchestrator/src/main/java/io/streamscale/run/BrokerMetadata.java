package io.streamscale.run;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.ClientRequest;
import org.apache.kafka.clients.ClientResponse;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.DefaultHostResolver;
import org.apache.kafka.clients.ManualMetadataUpdater;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.NetworkClientUtils;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;

/**
 * What one broker's own metadata cache says about a topic. The AdminClient sends a describe to whichever broker it
 * likes, whatever the bootstrap list, so it cannot tell whether a given broker has caught up with a new topic; this
 * sends one Metadata request to that broker over a connection of its own (Kafka's network client, so the run's login
 * is made as by any client).
 */
final class BrokerMetadata {
    private BrokerMetadata() {}

    /**
     * The topic's metadata as {@code broker} ("host:port") holds it.
     *
     * @param security the run's Kafka login (empty: none)
     */
    static MetadataResponse.TopicMetadata topic(
            String broker, String topic, Duration timeout, Map<String, String> security) throws IOException {
        int colon = broker.lastIndexOf(':');
        Node node = new Node(-1, broker.substring(0, colon), Integer.parseInt(broker.substring(colon + 1)));
        Map<String, Object> conf = new HashMap<>(security);
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker);
        try (Metrics metrics = new Metrics();
                NetworkClient client = ClientUtils.createNetworkClient(
                        new AdminClientConfig(conf),
                        "streamscale-topic-probe",
                        metrics,
                        "streamscale-topic-probe",
                        new LogContext(),
                        new ApiVersions(),
                        Time.SYSTEM,
                        1,
                        (int) timeout.toMillis(),
                        new ManualMetadataUpdater(),
                        new DefaultHostResolver())) {
            if (!NetworkClientUtils.awaitReady(client, node, Time.SYSTEM, timeout.toMillis())) {
                throw new IOException(broker + " did not accept a connection within " + timeout.toMillis() + " ms");
            }
            ClientRequest request = client.newClientRequest(
                    node.idString(),
                    new MetadataRequest.Builder(List.of(topic), false),
                    Time.SYSTEM.milliseconds(),
                    true,
                    (int) timeout.toMillis(),
                    null);
            ClientResponse response = NetworkClientUtils.sendAndReceive(client, request, Time.SYSTEM);
            MetadataResponse parsed = (MetadataResponse) response.responseBody();
            return parsed.topicMetadata().stream()
                    .filter(t -> topic.equals(t.topic()))
                    .findFirst()
                    .orElseThrow(() -> new IOException(broker + " answered without topic " + topic));
        }
    }
}
