package io.streamscale.run;

import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topic of a run and reads its end offsets, through the AdminClient. */
public final class TopicAdmin {
    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {}

    /** What the topic looks like. {@code minInsyncReplicas} null leaves the broker default. */
    public record TopicSpec(String name, int partitions, int replicationFactor, Integer minInsyncReplicas) {}

    private static Admin admin(KafkaAccess kafka) {
        return Admin.create(kafka.config(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10000)));
    }

    /**
     * Creates the topic (broker append time as the record timestamp: that is timestampKafka) and waits until every
     * broker's own metadata (asked directly, {@link BrokerMetadata}) shows every partition with a leader and a full ISR, so the first produce does not race the
     * leader election.
     */
    /** A run's topics, each with the run's partitions and replication, ready on every broker before it returns. */
    static void createRunTopics(KafkaAccess kafka, RunSpec spec, List<String> topics, BooleanSupplier cancelled) {
        for (String topic : topics) {
            createAndAwait(
                    kafka,
                    new TopicSpec(
                            topic,
                            spec.effectivePartitions(),
                            spec.kafka().replicationFactor(),
                            spec.kafka().minInsyncReplicas()),
                    Duration.ofSeconds(60),
                    cancelled);
            log.info(
                    "topic {}: {} partition(s), replication factor {}",
                    topic,
                    spec.effectivePartitions(),
                    spec.kafka().replicationFactor());
        }
    }

    public static void createAndAwait(KafkaAccess kafka, TopicSpec spec, Duration timeout, BooleanSupplier cancelled) {
        List<String> brokers = kafka.brokers();
        Map<String, String> configs = new HashMap<>();
        configs.put("message.timestamp.type", "LogAppendTime");
        if (spec.minInsyncReplicas() != null) {
            configs.put("min.insync.replicas", String.valueOf(spec.minInsyncReplicas()));
        }
        try (Admin admin = admin(kafka)) {
            admin.createTopics(List.of(new NewTopic(spec.name(), spec.partitions(), (short) spec.replicationFactor())
                            .configs(configs)))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topic " + spec.name() + " on " + brokers + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + spec.name() + " on " + brokers + ": " + e, e);
        }
        for (String broker : brokers) {
            ProbeResult r = Readiness.await(
                    "topic " + spec.name() + " on " + broker,
                    timeout,
                    () -> partitionsReady(broker, spec, kafka.security()),
                    cancelled,
                    () -> {});
            if (!r.ready()) {
                throw new IllegalStateException("topic " + spec.name() + " not ready on " + broker + " within "
                        + timeout.toSeconds() + " s: " + r.detail());
            }
        }
    }

    private static ProbeResult partitionsReady(String broker, TopicSpec spec, Map<String, String> security) {
        try {
            MetadataResponse.TopicMetadata t =
                    BrokerMetadata.topic(broker, spec.name(), Duration.ofSeconds(5), security);
            if (t.error() != Errors.NONE) {
                return ProbeResult.notReady(t.error().name());
            }
            for (MetadataResponse.PartitionMetadata p : t.partitionMetadata()) {
                if (p.leaderId.isEmpty() || p.inSyncReplicaIds.size() < spec.replicationFactor()) {
                    return ProbeResult.notReady("partition " + p.partition() + ": leader "
                            + p.leaderId.map(String::valueOf).orElse("none") + ", isr " + p.inSyncReplicaIds);
                }
            }
            int n = t.partitionMetadata().size();
            return n == spec.partitions()
                    ? ProbeResult.ready(n + " partitions")
                    : ProbeResult.notReady(n + " of " + spec.partitions() + " partitions");
        } catch (Exception e) {
            return ProbeResult.notReady(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The broker id leading a partition of the topic, if it has a leader. */
    static Optional<Integer> leader(KafkaAccess kafka, String topic, int partition) {
        try (Admin admin = admin(kafka)) {
            TopicDescription d = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topic);
            return d.partitions().stream()
                    .filter(p -> p.partition() == partition && p.leader() != null)
                    .map(p -> p.leader().id())
                    .findFirst();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot read the leader of " + topic + "-" + partition + " from " + kafka + ": " + e, e);
        }
    }

    /** The latest offset of every partition of the topic. */
    static Map<Integer, Long> endOffsets(KafkaAccess kafka, String topic) {
        try (Admin admin = admin(kafka)) {
            TopicDescription d = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(topic);
            Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
            d.partitions().forEach(p -> ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<Integer, Long> out = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                    admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS).entrySet()) {
                out.put(e.getKey().partition(), e.getValue().offset());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read end offsets of " + topic + " from " + kafka + ": " + e, e);
        }
    }

    /** The offsets {@code group} committed for each partition of {@code topic} (a partition it never committed: absent). */
    static Map<Integer, Long> committedOffsets(KafkaAccess kafka, String group, String topic) {
        try (Admin admin = admin(kafka)) {
            Map<Integer, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((tp, o) -> {
                        if (tp.topic().equals(topic) && o != null) {
                            out.put(tp.partition(), o.offset());
                        }
                    });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot read the offsets group " + group + " committed on " + topic + " from " + kafka + ": " + e,
                    e);
        }
    }
}
