package io.streamscale.readiness;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.streamscale.remote.Remote;

/**
 * A readiness probe of one daemon, run from the orchestrator. Probes are plain data, so the cluster state can store
 * them and {@code status} can ask again later.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ZooKeeperRuokProbe.class, name = "zookeeper-ruok"),
    @JsonSubTypes.Type(value = KafkaBrokersProbe.class, name = "kafka-brokers"),
    @JsonSubTypes.Type(value = SparkMasterProbe.class, name = "spark-master"),
    @JsonSubTypes.Type(value = SparkWorkerProbe.class, name = "spark-worker"),
    @JsonSubTypes.Type(value = FlinkRestProbe.class, name = "flink-rest"),
    @JsonSubTypes.Type(value = FileProbe.class, name = "file"),
    @JsonSubTypes.Type(value = AliveProbe.class, name = "alive")
})
public sealed interface Probe
        permits ZooKeeperRuokProbe,
                KafkaBrokersProbe,
                SparkMasterProbe,
                SparkWorkerProbe,
                FlinkRestProbe,
                FileProbe,
                AliveProbe {
    /**
     * One look. Network probes connect from this machine; file probes look on the daemon's node.
     *
     * @param node the daemon's node (network probes ignore it)
     */
    ProbeResult check(Remote node);

    /** What it checks, in a few words, for messages. */
    String describe();
}
