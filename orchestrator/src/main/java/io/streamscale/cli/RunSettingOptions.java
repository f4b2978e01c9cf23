package io.streamscale.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code run}'s options for one run: each sets one manifest key ({@link RunOverrides#KEY_OF}), its default is that key's
 * (the Schema's), and the cell is checked as a manifest's is. The values are read back by option name.
 */
final class RunSettingOptions {
    @Option(names = "--kafka", paramLabel = "K", description = "Kafka nodes (default: ${DEFAULT-VALUE}).")
    int kafka;

    @Option(names = "--spark", paramLabel = "S", description = "Spark worker nodes (default: ${DEFAULT-VALUE}).")
    int spark;

    @Option(
            names = "--zookeeper",
            paramLabel = "Z",
            description = "ZooKeeper nodes, zookeeper mode (default: ${DEFAULT-VALUE}).")
    int zookeeper;

    @Option(
            names = "--kafka-mode",
            paramLabel = "MODE",
            description = "zookeeper or kraft (default: ${DEFAULT-VALUE}).")
    String kafkaMode;

    @Option(
            names = "--kafka-auth",
            paramLabel = "HOW",
            description =
                    "Who may use the run's Kafka and ZooKeeper: scram (the"
                            + " run's own credentials), none (anyone who reaches the nodes) or auto (scram on any scheduler but local; the default).")
    String kafkaAuth;

    @Option(
            names = "--rate",
            paramLabel = "MSG/S",
            description = "Total offered load in messages/s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long the measured load runs, after --warmup (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "Load before the measured part: left out of the steady-state figures (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--ramp-up",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description =
                    "The first part of the warm-up, over which the rate rises linearly from 0, so a cold path does not"
                            + " start behind (default: ${DEFAULT-VALUE}; cut to --warmup; 0: the full rate at once).")
    Duration rampUp;

    @Option(
            names = "--generators",
            paramLabel = "P",
            description =
                    "Generator instances per generator node, each its own id, schedule and accounting (default: ${DEFAULT-VALUE}, as the seed's 32 processes).")
    int generators;

    @Option(
            names = "--scorer-warmup",
            paramLabel = "N",
            description =
                    "Messages the scorer scores through Kafka before the load, to warm the path (default: ${DEFAULT-VALUE}; 0: none).")
    int scorerWarmup;

    @Option(
            names = "--producers",
            paramLabel = "N",
            description =
                    "Kafka producers per generator node, shared by its instances, each with one pacing thread (default: ${DEFAULT-VALUE}).")
    int producers;

    @Option(
            names = "--generator-nodes",
            paramLabel = "G",
            description =
                    "Generator nodes (default: ${DEFAULT-VALUE}: as many as --rate needs, one per 100 000 msg/s).")
    int generatorNodes;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Topic partitions; 0 = one per broker (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--replication",
            paramLabel = "RF",
            description = "Topic replication factor (default: ${DEFAULT-VALUE}, as the seed).")
    int replication;

    @Option(
            names = "--min-insync-replicas",
            paramLabel = "N",
            description = "Topic min.insync.replicas (default: the broker's, 1).")
    Integer minInsync;

    @Option(names = "--acks", description = "Producer acks: 0, 1 or all (default: ${DEFAULT-VALUE}).")
    String acks;

    @Option(names = "--linger-ms", description = "Producer linger.ms (default: ${DEFAULT-VALUE}).")
    int lingerMs;

    @Option(names = "--batch-size", description = "Producer batch.size in bytes (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--compression", description = "Producer compression.type (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(
            names = "--engine",
            description =
                    "spark (a standalone master and workers) or flink (a Flink 2.2 session cluster: JobManager and"
                            + " TaskManagers, the same service, columns and analysis) (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(
            names = "--flink-checkpoint-interval",
            converter = DurationConverter.class,
            description = "Flink: how often a checkpoint commits offsets and makes scored rows readable (default:"
                    + " ${DEFAULT-VALUE}).")
    Duration flinkCheckpointInterval;

    @Option(
            names = "--mode",
            description =
                    "Scoring: broadcast (dot product over broadcast factors) or transform (ALSModel.transform, as the seed); identical predictions (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(
            names = "--processing",
            description =
                    "microbatch (a Spark job per trigger) or realtime (Spark's real-time mode:"
                            + " long-running tasks score each row as it arrives; needs Spark cores >= partitions) (default: ${DEFAULT-VALUE}).")
    String processing;

    @Option(
            names = "--sink",
            description =
                    "parquet (files, readable when their batch or epoch commits) or kafka (an output"
                            + " topic, readable at once; a consumer on a generator node records delivered latency) (default: ${DEFAULT-VALUE}).")
    String sink;

    @Option(
            names = "--trigger",
            converter = DurationConverter.class,
            description =
                    "Micro-batch trigger interval; 0: each batch as soon as the last one ended (default: ${DEFAULT-VALUE}).")
    Duration trigger;

    @Option(
            names = "--checkpoint-interval",
            converter = DurationConverter.class,
            description =
                    "Real-time mode: how often offsets are committed (>= 5s; not a latency) (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(
            names = "--max-offsets-per-trigger",
            paramLabel = "N",
            description = "Cap on messages per micro-batch (default: none).")
    Long maxOffsetsPerTrigger;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "A model from `streamscale train` (default: the cached model of --ratings, --rank and --iterations; trained once, then reused).")
    Path model;

    @Option(
            names = "--ratings",
            paramLabel = "FILE",
            description = "Train the run's model on these ratings instead of synthetic ones.")
    Path ratings;

    @Option(
            names = "--rank",
            paramLabel = "N",
            description = "ALS rank of the run's model (default: ${DEFAULT-VALUE}, as the seed).")
    int rank;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            description = "ALS iterations of the run's model (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(
            names = "--spark-master",
            paramLabel = "WHERE",
            description =
                    "shared: the Spark master and the driver on the first worker's node (the seed); own: a node of their own (default: ${DEFAULT-VALUE}).")
    String sparkMaster;

    @Option(
            names = "--supervise-driver",
            description = "Restart the streaming driver from its checkpoint whenever it dies.")
    boolean superviseDriver;

    @Option(names = "--worker-cores", description = "Cores per Spark worker (default: ${DEFAULT-VALUE}).")
    int workerCores;

    @Option(names = "--worker-memory", description = "Memory per Spark worker (default: ${DEFAULT-VALUE}).")
    String workerMemory;

    @Option(names = "--executor-memory", description = "Memory per executor (default: ${DEFAULT-VALUE}).")
    String executorMemory;

    @Option(
            names = "--drain-timeout",
            converter = DurationConverter.class,
            description =
                    "How long the scorer may take to score the backlog after the load ends (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;
}
