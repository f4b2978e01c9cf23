package io.streamscale.manifest;

import io.streamscale.run.RunSpec;
import io.streamscale.service.KafkaMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One run of a manifest: an experiment, one combination of its matrix, one repetition. {@code name} identifies the
 * combination ({@code k3s2_5Mper10m}); results go to {@code results/<experiment>/<name>/rep-<repetition>/}.
 */
public record Cell(String experiment, String name, int repetition, int repetitions, Map<String, Located> settings) {

    public Object value(String path) {
        return settings.get(path).value();
    }

    public int kafkaNodes() {
        return ((List<?>) value("nodes")).get(0) instanceof Integer k ? k : 1;
    }

    public int sparkNodes() {
        return ((List<?>) value("nodes")).get(1) instanceof Integer s ? s : 1;
    }

    public int generatorNodes() {
        return (Integer) value("generators.nodes");
    }

    public KafkaMode kafkaMode() {
        return KafkaMode.parse((String) value("kafka.mode"));
    }

    public int zookeeperNodes() {
        return kafkaMode() == KafkaMode.KRAFT ? 0 : (Integer) value("kafka.zookeeperNodes");
    }

    /** Kafka + Spark + generator nodes. */
    public int nodeCount() {
        return kafkaNodes() + sparkNodes() + generatorNodes();
    }

    public double rate() {
        return (Double) value("load");
    }

    public Duration duration() {
        return (Duration) value("duration");
    }

    public Duration warmup() {
        return (Duration) value("warmup");
    }

    /** The run this cell is: the load covers warm-up and measured duration. */
    public RunSpec runSpec() {
        return new RunSpec(kafkaNodes(), sparkNodes(), zookeeperNodes(), kafkaMode(), generatorNodes(),
                (Integer) value("generators.processes"), rate(), duration().plus(warmup()), (Integer) value("kafka.partitions"),
                (Integer) value("kafka.replicationFactor"), (Integer) value("kafka.minInsyncReplicas"), (String) value("kafka.acks"),
                (Integer) value("generators.lingerMs"), (Integer) value("generators.batchSize"),
                (String) value("generators.compression"), (String) value("spark.scoring"), (Duration) value("spark.trigger"),
                value("spark.maxOffsetsPerTrigger") == null ? null : ((Integer) value("spark.maxOffsetsPerTrigger")).longValue(),
                (String) value("model.path"), (String) value("model.ratings"), (Integer) value("spark.workerCores"),
                (String) value("spark.workerMemory"), (String) value("spark.executorMemory"), (Duration) value("drainTimeout"),
                null);
    }
}
