package io.streamscale.run;

import io.streamscale.common.Durations;
import io.streamscale.fault.FaultSpec;
import io.streamscale.jobs.generator.Schedule;
import io.streamscale.jobs.scorer.Processing;
import io.streamscale.jobs.scorer.Sink;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Schema;
import io.streamscale.model.ModelSpec;
import io.streamscale.service.ClusterSpec;
import io.streamscale.service.Engine;
import io.streamscale.service.JobSpecs;
import io.streamscale.service.KafkaMode;
import io.streamscale.topology.Layout;
import java.time.Duration;
import java.util.List;

/**
 * One run of the pipeline, in the parts its phases read: built only by {@link #of(Cell)}, from a manifest's cell or from
 * {@code run}'s options as a one-cell experiment, so both front doors share one set of defaults and checks. run.json
 * records it whole under {@code parameters}.
 */
public record RunSpec(
        Cluster cluster,
        Load load,
        Kafka kafka,
        Generators generators,
        Spark spark,
        Model model,
        List<FaultSpec> faults) {

    /**
     * @param ownMaster the Spark master (Flink's JobManager) and the driver on a node of their own instead of the
     *                  first worker's
     * @param engine    which stream processor scores: its daemons on the compute nodes
     */
    public record Cluster(int kafka, int spark, int zookeeper, KafkaMode kafkaMode, boolean ownMaster, Engine engine) {
        /** A Spark cluster. */
        public Cluster(int kafka, int spark, int zookeeper, KafkaMode kafkaMode, boolean ownMaster) {
            this(kafka, spark, zookeeper, kafkaMode, ownMaster, Engine.SPARK);
        }

        public boolean flink() {
            return engine == Engine.FLINK;
        }
    }

    /**
     * @param rate         total messages/s over all generator instances
     * @param duration     the whole load, warm-up included
     * @param warmup       the part of the load before the measured part (faults are timed after it)
     * @param ramp         the first part of the warm-up, over which the rate rises from 0 (at most the warm-up)
     * @param rampSteps    0: it rises linearly; S: in S equal steps, each held for ramp/S
     * @param drainTimeout how long the scorer may take to catch up after the load
     */
    public record Load(
            double rate, Duration duration, Duration warmup, Duration ramp, int rampSteps, Duration drainTimeout) {
        public Load {
            if (ramp.compareTo(warmup) > 0) {
                throw new IllegalArgumentException("the ramp (" + ramp + ") is part of the warm-up (" + warmup + ")");
            }
        }

        /** Every message of the load: the full rate over its whole duration, less what the ramp leaves out (the generator's count). */
        public long messages() {
            return Math.round(Schedule.messages(rate, duration.toNanos(), ramp.toNanos(), rampSteps));
        }
    }

    /**
     * The topic and how producers write to it; {@code partitions} 0 means one per broker, as the seed did.
     *
     * @param sessionTimeout how long a silent broker keeps its partitions (ZooKeeper or KRaft session)
     * @param clientTimeout  how long producers, consumers and the offset reader wait for one broker's answer
     * @param auth           whether Kafka and ZooKeeper require the run's credentials (kafka.auth)
     */
    public record Kafka(
            int partitions,
            int replicationFactor,
            Integer minInsyncReplicas,
            String acks,
            Duration sessionTimeout,
            Duration clientTimeout,
            boolean auth) {
        public Kafka(
                int partitions,
                int replicationFactor,
                Integer minInsyncReplicas,
                String acks,
                Duration sessionTimeout,
                Duration clientTimeout) {
            this(partitions, replicationFactor, minInsyncReplicas, acks, sessionTimeout, clientTimeout, false);
        }
    }

    /**
     * @param processes generator instances per generator node (the seed ran 32 processes on one node)
     * @param producers Kafka producers per generator node that its instances share
     */
    public record Generators(
            int nodes, int processes, int producers, int lingerMs, int batchSize, String compression) {}

    /**
     * @param processing         microbatch or realtime
     * @param sink               parquet (the output's files) or kafka (an output topic, read by the delivery consumer)
     * @param checkpointInterval real-time mode's epoch (Trigger.RealTime's duration)
     * @param superviseDriver    restart the driver from its checkpoint whenever it dies
     */
    public record Spark(
            Processing processing,
            Sink sink,
            String scoring,
            Duration trigger,
            Duration checkpointInterval,
            Long maxOffsetsPerTrigger,
            int workerCores,
            String workerMemory,
            String executorMemory,
            boolean superviseDriver,
            int warmupMessages,
            Duration flinkCheckpointInterval,
            int parallelism) {
        public boolean realtime() {
            return processing == Processing.REALTIME;
        }

        public boolean kafkaSink() {
            return sink == Sink.KAFKA;
        }

        /** How rows are scored, for the log: real-time epochs, or micro-batches and their trigger. */
        public String describe() {
            return realtime()
                    ? "real-time mode, epochs of " + Durations.format(checkpointInterval)
                    : trigger.isZero()
                            ? "micro-batches back to back"
                            : "micro-batches every " + Durations.format(trigger);
        }
    }

    /**
     * @param path     an existing model directory, or null for the model of {@code training} (cached, or trained)
     * @param training what determines the model when none is given: ratings and ALS settings
     */
    public record Model(String path, ModelSpec training) {}

    /** The run a manifest cell is: the load covers warm-up and duration. */
    public static RunSpec of(Cell c) {
        Integer maxOffsets = c.get(Schema.SPARK_MAX_OFFSETS_PER_TRIGGER);
        return new RunSpec(
                new Cluster(
                        c.kafkaNodes(),
                        c.sparkNodes(),
                        c.zookeeperNodes(),
                        c.kafkaMode(),
                        c.ownMaster(),
                        c.get(Schema.ENGINE)),
                new Load(
                        c.rate(),
                        c.duration().plus(c.warmup()),
                        c.warmup(),
                        min(c.get(Schema.RAMP_UP), c.warmup()),
                        c.get(Schema.RAMP_STEPS),
                        c.get(Schema.DRAIN_TIMEOUT)),
                new Kafka(
                        c.get(Schema.KAFKA_PARTITIONS),
                        c.get(Schema.KAFKA_REPLICATION_FACTOR),
                        c.get(Schema.KAFKA_MIN_INSYNC_REPLICAS),
                        c.get(Schema.KAFKA_ACKS),
                        c.get(Schema.KAFKA_SESSION_TIMEOUT),
                        c.get(Schema.KAFKA_CLIENT_TIMEOUT),
                        c.kafkaAuth()),
                new Generators(
                        c.generatorNodes(),
                        c.get(Schema.GENERATORS_PROCESSES),
                        c.get(Schema.GENERATORS_PRODUCERS),
                        c.get(Schema.GENERATORS_LINGER_MS),
                        c.get(Schema.GENERATORS_BATCH_SIZE),
                        c.get(Schema.GENERATORS_COMPRESSION)),
                new Spark(
                        c.get(Schema.SPARK_PROCESSING),
                        c.get(Schema.SPARK_SINK),
                        c.get(Schema.SPARK_SCORING),
                        c.get(Schema.SPARK_TRIGGER),
                        c.get(Schema.SPARK_CHECKPOINT_INTERVAL),
                        maxOffsets == null ? null : maxOffsets.longValue(),
                        c.get(Schema.SPARK_WORKER_CORES),
                        c.get(Schema.SPARK_WORKER_MEMORY),
                        c.get(Schema.SPARK_EXECUTOR_MEMORY),
                        c.get(Schema.SPARK_SUPERVISE_DRIVER),
                        c.get(Schema.SPARK_WARMUP_MESSAGES),
                        c.get(Schema.FLINK_CHECKPOINT_INTERVAL),
                        c.get(Schema.SPARK_PARALLELISM)),
                new Model(c.get(Schema.MODEL_PATH), c.modelSpec()),
                c.faults());
    }

    /** How rows are scored, for the log: the engine and its way of committing them. */
    public String describeScoring() {
        return cluster.flink()
                ? "Flink, broadcast factors, files committed by checkpoints every "
                        + Durations.format(spark.flinkCheckpointInterval)
                : spark.scoring + " scoring, " + spark.describe();
    }

    public int nodesNeeded() {
        return Layout.nodesNeeded(cluster.kafka, cluster.spark, generators.nodes, cluster.ownMaster);
    }

    public long totalMessages() {
        return load.messages();
    }

    /** How this run's generators load {@code topic} with the model at {@code model}, writing summaries to {@code outDir}. */
    public JobSpecs.LoadOptions loadOptions(String topic, String model, String outDir) {
        return new JobSpecs.LoadOptions(
                topic,
                model,
                outDir,
                load.rate,
                totalMessages(),
                load.ramp,
                load.rampSteps,
                generators.processes,
                generators.producers,
                kafka.acks,
                generators.lingerMs,
                generators.batchSize,
                generators.compression,
                null,
                kafka.clientTimeout);
    }

    /** The Kafka sink's output topic: the input topic's name and this. */
    public static final String OUTPUT_TOPIC_SUFFIX = "-scored";

    /** How this run's scorer reads {@code topic} and where it writes (the run directory's paths on the driver's node). */
    public JobSpecs.ScorerOptions scorerOptions(
            String topic, String model, String output, String checkpoint, String progress, String commits) {
        return new JobSpecs.ScorerOptions(
                topic,
                model,
                output,
                checkpoint,
                progress,
                commits,
                spark.kafkaSink() ? topic + OUTPUT_TOPIC_SUFFIX : null,
                spark.scoring,
                spark.realtime(),
                spark.trigger.toMillis(),
                spark.checkpointInterval.toMillis(),
                spark.maxOffsetsPerTrigger,
                spark.executorMemory,
                "1g",
                spark.warmupMessages,
                kafka.clientTimeout,
                spark.flinkCheckpointInterval.toMillis(),
                spark.parallelism);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public int effectivePartitions() {
        return kafka.partitions > 0 ? kafka.partitions : cluster.kafka;
    }

    /** The cluster as the service layer starts it. */
    public ClusterSpec clusterSpec(String clusterId) {
        return new ClusterSpec(
                cluster.kafka,
                cluster.spark,
                cluster.zookeeper,
                cluster.kafkaMode,
                spark.workerCores,
                spark.workerMemory,
                ClusterSpec.Heaps.defaults(),
                ClusterSpec.Ports.defaults(),
                clusterId,
                kafka.sessionTimeout,
                kafka.auth,
                cluster.engine);
    }
}
