package io.streamscale.run;

import io.streamscale.service.KafkaMode;
import java.time.Duration;

/**
 * One run of the pipeline: the cluster, the load, the scoring, where the model comes from.
 *
 * @param rate              total messages/s over all generator instances
 * @param instancesPerNode  generator instances per generator node (the seed ran 32 processes on one node)
 * @param partitions        topic partitions (0: one per broker, as the seed did)
 * @param model             an existing model directory, or null for the model of {@code training} (cached, or trained)
 * @param training          what determines the model when none is given: ratings and ALS settings
 * @param ownMaster         the Spark master and the driver on a node of their own instead of the first worker's
 * @param faults            faults injected during the load (timed from its start)
 * @param warmup            the part of the load before the measured part (for faults timed after it)
 * @param superviseDriver   restart the driver from its checkpoint whenever it dies
 */
public record RunSpec(int kafka, int spark, int zookeeper, KafkaMode kafkaMode, int generatorNodes, int instancesPerNode,
                      double rate, Duration duration, int partitions, int replicationFactor, Integer minInsyncReplicas,
                      String acks, int lingerMs, int batchSize, String compression, String scoringMode, Duration trigger,
                      Long maxOffsetsPerTrigger, String model, io.streamscale.model.ModelSpec training, int workerCores, String workerMemory,
                      String executorMemory, Duration drainTimeout,
                      boolean ownMaster, java.util.List<io.streamscale.fault.FaultSpec> faults, Duration warmup,
                      boolean superviseDriver) {

    /** The run a manifest cell is (a manifest's, or run's options as a one-cell experiment): the load covers warm-up and duration. */
    public static RunSpec of(io.streamscale.manifest.Cell c) {
        return new RunSpec(c.kafkaNodes(), c.sparkNodes(), c.zookeeperNodes(), c.kafkaMode(), c.generatorNodes(),
                (Integer) c.value("generators.processes"), c.rate(), c.duration().plus(c.warmup()), (Integer) c.value("kafka.partitions"),
                (Integer) c.value("kafka.replicationFactor"), (Integer) c.value("kafka.minInsyncReplicas"), (String) c.value("kafka.acks"),
                (Integer) c.value("generators.lingerMs"), (Integer) c.value("generators.batchSize"),
                (String) c.value("generators.compression"), (String) c.value("spark.scoring"), (Duration) c.value("spark.trigger"),
                c.value("spark.maxOffsetsPerTrigger") == null ? null : ((Integer) c.value("spark.maxOffsetsPerTrigger")).longValue(),
                (String) c.value("model.path"), c.modelSpec(), (Integer) c.value("spark.workerCores"),
                (String) c.value("spark.workerMemory"), (String) c.value("spark.executorMemory"), (Duration) c.value("drainTimeout"),
                c.ownMaster(), c.faults(), c.warmup(), (Boolean) c.value("spark.superviseDriver"));
    }

    public int nodesNeeded() {
        return io.streamscale.topology.Layout.nodesNeeded(kafka, spark, generatorNodes, ownMaster);
    }

    public long totalMessages() {
        return Math.round(rate * duration.toMillis() / 1000.0);
    }

    public int effectivePartitions() {
        return partitions > 0 ? partitions : kafka;
    }
}
