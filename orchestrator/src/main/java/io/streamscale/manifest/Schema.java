package io.streamscale.manifest;

import io.streamscale.jobs.scorer.Processing;
import io.streamscale.jobs.scorer.Sink;
import io.streamscale.manifest.Key.Type;
import io.streamscale.scheduler.Backend;
import io.streamscale.scheduler.Launcher;
import io.streamscale.service.Engine;
import io.streamscale.service.KafkaMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting an experiment (or {@code defaults}) may have: the one source of truth for parsing, defaults, error
 * messages and docs/manifest.md (a test checks the doc lists every key with its default).
 */
public final class Schema {
    private static final double DAY = 86_400;
    public static final Key<String> DESCRIPTION =
            Key.of("description", Type.STRING, "", "What the experiment shows (free text).");
    public static final Key<List<Integer>> NODES = Key.of(
            "nodes", Type.NODES, List.of(1, 1), "Kafka and Spark node counts, [kafka, spark] (usually set by matrix).");
    public static final Key<Double> LOAD = Key.range(
            "load",
            Type.LOAD,
            "5000/s",
            0,
            1e9,
            "Offered load: a rate (5000/s, 16.7k/s) or messages per duration (5M/10m).");
    public static final Key<Duration> DURATION = Key.range(
            "duration", Type.DURATION, "60s", 1, 7 * DAY, "How long the measured load runs (after the warm-up).");
    public static final Key<Duration> WARMUP = Key.range(
            "warmup",
            Type.DURATION,
            "30s",
            0,
            DAY,
            "Load before the measured part (the same rate into the same topic): it warms the whole path (Kafka consumers, fetch, parse, predict, sink) and is excluded from steady-state figures.");
    public static final Key<Duration> RAMP_UP = Key.range(
            "rampUp",
            Type.DURATION,
            "15s",
            0,
            DAY,
            "The first part of the warm-up, over which the load rises from 0 to its rate (linearly, or in `rampSteps` steps) (cut to the warm-up when longer): a cold path warms at a load it can take instead of starting behind, and the measured part always runs at the full rate. 0: the full rate from the first message.");
    public static final Key<Integer> RAMP_STEPS = Key.range(
            "rampSteps",
            Type.INT,
            0,
            0,
            1000,
            "0: the ramp rises linearly; S: in S equal steps (rate/S, 2 rate/S, ..., rate), each held for rampUp/S: each step a probe at its rate (`capacity --ramp`).");
    public static final Key<Integer> REPETITIONS =
            Key.range("repetitions", Type.INT, 1, 1, 1000, "How often each cell runs.");
    public static final Key<KafkaMode> KAFKA_MODE = Key.choice(
            "kafka.mode", KafkaMode.class, KafkaMode.ZOOKEEPER, "Metadata: zookeeper (as the seed) or kraft.");
    public static final Key<String> KAFKA_AUTH = Key.choice(
            "kafka.auth",
            "auto",
            "Who may use the run's Kafka and ZooKeeper: scram (the run's per-run credentials:"
                    + " SASL/SCRAM for Kafka, SASL digest for ZooKeeper; other users of the cluster are refused), none (anyone"
                    + " who reaches the nodes), auto (scram on any scheduler but local).",
            "auto",
            "scram",
            "none");
    public static final Key<Integer> KAFKA_ZOOKEEPER_NODES = Key.range(
            "kafka.zookeeperNodes", Type.INT, 1, 0, 100, "ZooKeeper nodes, on the first Kafka nodes (zookeeper mode).");
    public static final Key<Integer> KAFKA_PARTITIONS =
            Key.range("kafka.partitions", Type.INT, 0, 0, 10_000, "Topic partitions; 0 = one per broker (the seed).");
    public static final Key<Integer> KAFKA_REPLICATION_FACTOR =
            Key.range("kafka.replicationFactor", Type.INT, 1, 1, 100, "Topic replication factor (the seed: 1).");
    public static final Key<Integer> KAFKA_MIN_INSYNC_REPLICAS = Key.range(
            "kafka.minInsyncReplicas", Type.INT, null, 1, 100, "Topic min.insync.replicas (default: the broker's, 1).");
    public static final Key<String> KAFKA_ACKS = Key.choice("kafka.acks", "1", "Producer acks.", "0", "1", "all");
    public static final Key<Duration> KAFKA_SESSION_TIMEOUT = Key.range(
            "kafka.sessionTimeout",
            Type.DURATION,
            "18s",
            4,
            300,
            "How long a broker that stops answering keeps leading its"
                    + " partitions: ZooKeeper's session timeout (zookeeper.session.timeout.ms; at least 2 ticks, 4 s) or KRaft's"
                    + " broker.session.timeout.ms. 18 s is Kafka's default (the seed's); broker-fault-replicated uses 4 s.");
    public static final Key<Duration> KAFKA_CLIENT_TIMEOUT = Key.range(
            "kafka.clientTimeout",
            Type.DURATION,
            "30s",
            1,
            300,
            "How long a client waits for one broker's answer before it"
                    + " retries with fresh metadata: request.timeout.ms of the generators' producers and of the scorer's Kafka"
                    + " consumers and offset reader (its API timeout is twice this). 30 s is Kafka's default; broker-fault-replicated"
                    + " uses 3 s.");
    public static final Key<Engine> ENGINE = Key.choice(
            "engine",
            Engine.class,
            Engine.SPARK,
            "The stream processor that scores: spark (a standalone master and workers, the seed's; see spark.*) or flink"
                    + " (a standalone session cluster from Flink 2.2: the JobManager where the Spark master goes, a TaskManager"
                    + " with spark.workerCores slots on each compute node; the same columns, exactly once through checkpoints;"
                    + " see flink.*).");
    public static final Key<Duration> FLINK_CHECKPOINT_INTERVAL = Key.range(
            "flink.checkpointInterval",
            Type.DURATION,
            "1s",
            0.1,
            DAY,
            "Flink: how often a checkpoint completes; it commits the Kafka offsets and makes the scored rows' Parquet"
                    + " files readable (their committed latency includes it), and a restarted job resumes from the last one.");
    public static final Key<Integer> SPARK_WORKER_CORES = Key.range(
            "spark.workerCores",
            Type.INT,
            2,
            1,
            1024,
            "Cores each Spark worker offers (engine flink: task slots per TaskManager).");
    public static final Key<String> SPARK_MASTER = Key.choice(
            "spark.master",
            "shared",
            "Where the Spark master and the streaming driver run: shared (on the first"
                    + " Spark worker node, as the seed) or own (a node of their own, not counted in nodes).",
            "shared",
            "own");
    public static final Key<String> SPARK_WORKER_MEMORY =
            Key.of("spark.workerMemory", Type.SIZE, "2g", "Memory each Spark worker offers to executors.");
    public static final Key<String> SPARK_EXECUTOR_MEMORY =
            Key.of("spark.executorMemory", Type.SIZE, "1g", "Memory per executor.");
    public static final Key<Processing> SPARK_PROCESSING = Key.choice(
            "spark.processing",
            Processing.class,
            Processing.MICROBATCH,
            "How the scorer runs: microbatch (a Spark job per trigger, the"
                    + " seed's) or realtime (Spark 4.1+'s real-time mode: one long-running task per Kafka partition scores each"
                    + " row as it arrives; needs Spark cores (nodes x spark.workerCores) >= partitions, broadcast scoring and, on"
                    + " a cluster, sharedFilesystem).");
    public static final Key<Sink> SPARK_SINK = Key.choice(
            "spark.sink",
            Sink.class,
            Sink.PARQUET,
            "Where scored rows go: parquet (files in the run's output/, readable when their"
                    + " micro-batch or real-time epoch commits) or kafka (JSON messages to an output topic, readable at once, as"
                    + " real-time mode is meant to be used; a consumer on the first generator node stamps when each arrives and"
                    + " writes the rows to output/ - delivered latency; at least once: duplicates are counted).");
    public static final Key<Duration> SPARK_TRIGGER = Key.range(
            "spark.trigger",
            Type.DURATION,
            "1s",
            0,
            DAY,
            "Micro-batch trigger interval; 0: each batch as soon as the" + " last one ended.");
    public static final Key<Duration> SPARK_CHECKPOINT_INTERVAL = Key.range(
            "spark.checkpointInterval",
            Type.DURATION,
            "10s",
            5,
            DAY,
            "Real-time mode: how often the query commits its"
                    + " offsets (Trigger.RealTime's duration, at least Spark's 5 s). Not a latency: rows are scored as they"
                    + " arrive; an epoch's Parquet files appear when it ends, and a restarted driver re-scores at most one epoch.");
    public static final Key<Integer> SPARK_MAX_OFFSETS_PER_TRIGGER = Key.range(
            "spark.maxOffsetsPerTrigger", Type.INT, null, 1, 1e9, "Cap on messages per micro-batch (default: none).");
    public static final Key<String> SPARK_SCORING = Key.choice(
            "spark.scoring",
            "broadcast",
            "broadcast (dot product over broadcast factors) or transform"
                    + " (ALSModel.transform, as the seed); identical predictions.",
            "broadcast",
            "transform");
    public static final Key<Integer> SPARK_PARALLELISM = Key.range(
            "spark.parallelism",
            Type.INT,
            0,
            0,
            1_000_000,
            "Micro-batch mode: tasks per micro-batch (the Kafka offset ranges split into this many, Spark's minPartitions)"
                    + " and shuffle partitions; 0 = every Spark core of the cell (Spark nodes x spark.workerCores). Not for"
                    + " real-time mode (one task per Kafka partition) or engine flink (one task per slot).");
    public static final Key<Integer> GENERATORS_NODES = Key.range(
            "generators.nodes",
            Type.INT,
            0,
            0,
            1000,
            "Generator nodes; 0 = as many as the rate needs, one per "
                    + Cell.GENERATOR_NODE_RATE / 1000
                    + " 000 msg/s (what one generator node sends on schedule: bench/generator.sh), at least 1.");
    public static final Key<Integer> GENERATORS_PROCESSES = Key.range(
            "generators.processes",
            Type.INT,
            32,
            1,
            10_000,
            "Generator instances per generator node (the seed: 32): each its own id, schedule and accounting.");
    public static final Key<Integer> GENERATORS_PRODUCERS = Key.range(
            "generators.producers",
            Type.INT,
            1,
            1,
            1000,
            "Kafka producers per generator node that its instances share, each with one pacing thread (Kafka's ProducerPerformance uses one).");
    public static final Key<Integer> GENERATORS_LINGER_MS =
            Key.range("generators.lingerMs", Type.INT, 5, 0, 60_000, "Producer linger.ms.");
    public static final Key<Integer> GENERATORS_BATCH_SIZE =
            Key.range("generators.batchSize", Type.INT, 65536, 1, 64 << 20, "Producer batch.size, bytes.");
    public static final Key<String> GENERATORS_COMPRESSION = Key.choice(
            "generators.compression", "none", "Producer compression.type.", "none", "gzip", "snappy", "lz4", "zstd");
    public static final Key<String> MODEL_RATINGS = Key.of(
            "model.ratings",
            Type.STRING,
            null,
            "Ratings file to train on (MovieLens CSV or u::m::r::t); default: synthetic.");
    public static final Key<String> MODEL_PATH = Key.of(
            "model.path", Type.STRING, null, "An existing model directory (from `streamscale train`); skips training.");
    public static final Key<Integer> MODEL_RANK =
            Key.range("model.rank", Type.INT, 10, 1, 1000, "ALS rank (the seed: 10).");
    public static final Key<Integer> MODEL_ITERATIONS =
            Key.range("model.iterations", Type.INT, 10, 1, 1000, "ALS iterations.");
    public static final Key<Double> MODEL_REG_PARAM =
            Key.range("model.regParam", Type.NUMBER, 0.1, 0, 1e6, "ALS regularization.");
    public static final Key<Integer> MODEL_SEED = Key.of(
            "model.seed",
            Type.INT,
            42,
            "Random seed of the trainer (split and ALS); models are cached by ratings and these settings.");
    public static final Key<String> SCRATCH =
            Key.of("scratch", Type.PATH, "/tmp/streamscale-${USER}", "Node-local scratch directory on cluster nodes.");
    public static final Key<Boolean> SHARED_FILESYSTEM = Key.of(
            "sharedFilesystem", Type.BOOL, true, "Whether nodes see the orchestrator's files (DAS-5 home: yes).");
    public static final Key<Backend> SCHEDULER_BACKEND =
            Key.choice("scheduler.backend", Backend.class, Backend.LOCAL, "Where nodes come from.");
    public static final Key<String> SCHEDULER_PARTITION =
            Key.of("scheduler.partition", Type.STRING, null, "SLURM partition.");
    public static final Key<Duration> SCHEDULER_WALLTIME = Key.range(
            "scheduler.walltime",
            Type.DURATION,
            "1h",
            1,
            30 * DAY,
            "Reservation length; with reservation: per-run, the longest a run may ask for (each asks for its own estimate, see `plan`).");
    public static final Key<String> SCHEDULER_RESERVATION = Key.choice(
            "scheduler.reservation",
            "shared",
            "shared: one reservation for every selected cell; per-run: one per"
                    + " run, released after it (as the seed's preserve per run; DAS-5's 15-minute daytime limit).",
            "shared",
            "per-run");
    public static final Key<String> SCHEDULER_ACCOUNT =
            Key.of("scheduler.account", Type.STRING, null, "SLURM account.");
    public static final Key<String> SCHEDULER_CONSTRAINT =
            Key.of("scheduler.constraint", Type.STRING, null, "SLURM --constraint / node feature.");
    public static final Key<Duration> SCHEDULER_TEARDOWN_MARGIN = Key.range(
            "scheduler.teardownMargin", Type.DURATION, "2m", 0, DAY, "Walltime kept free for teardown at the end.");
    public static final Key<Duration> SCHEDULER_START_TIMEOUT = Key.range(
            "scheduler.startTimeout",
            Type.DURATION,
            "30m",
            1,
            7 * DAY,
            "How long a pending reservation may wait to start; then it is cancelled.");
    public static final Key<String> SCHEDULER_ADDRESS_PATTERN = Key.of(
            "scheduler.addressPattern",
            Type.ADDRESS,
            "{host}",
            "The address daemons bind to, from the host name:"
                    + " {host}, or {host}.ib.cluster for DAS-5's InfiniBand.");
    public static final Key<String> SCHEDULER_SSH_CONFIG = Key.of(
            "scheduler.sshConfig",
            Type.STRING,
            null,
            "OpenSSH config used to reach the nodes (default: ~/.ssh/config).");
    public static final Key<String> SCHEDULER_PRESERVE =
            Key.of("scheduler.preserve", Type.STRING, "preserve", "The preserve command (prun backend).");
    public static final Key<Launcher> SCHEDULER_LAUNCHER = Key.choice(
            "scheduler.launcher",
            Launcher.class,
            Launcher.SSH,
            "How commands reach the nodes: ssh, or srun (steps of the SLURM job, for"
                    + " sites without ssh to compute nodes; everything started stays in the job and ends with it).");
    public static final Key<String> SCHEDULER_JAVA_HOME = Key.of(
            "scheduler.javaHome",
            Type.PATH,
            null,
            "The JDK (17 or later) the daemons run on, at this path on every node (default: the one running streamscale; DAS-5: one under /var/scratch).");
    public static final Key<List<Located>> FAULTS = Key.of(
            "faults",
            Type.FAULTS,
            List.of(),
            "Faults injected during the load (see Faults): at, action, target, select," + " restartAfter, for, every.");
    public static final Key<Integer> SPARK_WARMUP_MESSAGES = Key.range(
            "spark.warmupMessages",
            Type.INT,
            20000,
            0,
            1e9,
            "Messages the scorer sends to a topic of its own and scores with a streaming query like the measured one (same source, plan and sink, 4 micro-batches) before the load, so the whole path is warm (0: none).");
    public static final Key<Boolean> SPARK_SUPERVISE_DRIVER = Key.of(
            "spark.superviseDriver",
            Type.BOOL,
            false,
            "Restart the streaming driver from its checkpoint whenever it dies" + " (the orchestrator supervises it).");
    public static final Key<Duration> DRAIN_TIMEOUT = Key.range(
            "drainTimeout",
            Type.DURATION,
            "120s",
            1,
            DAY,
            "How long the scorer may take to score the backlog after the load.");
    public static final Key<Double> CAPACITY_FROM = Key.range(
            "capacity.from",
            Type.LOAD,
            "5000/s",
            1,
            1e9,
            "`capacity`: the first rate probed; rates grow from it by `capacity.growth` while sustained (or fall while not).");
    public static final Key<Double> CAPACITY_MIN = Key.range(
            "capacity.min",
            Type.LOAD,
            "100/s",
            1,
            1e9,
            "`capacity`: the lowest rate probed; not sustained there, the answer is 'below'.");
    public static final Key<Double> CAPACITY_MAX = Key.range(
            "capacity.max",
            Type.LOAD,
            "1000000/s",
            1,
            1e9,
            "`capacity`: the highest rate probed; sustained there, the answer is 'at least'.");
    public static final Key<Double> CAPACITY_GROWTH = Key.range(
            "capacity.growth",
            Type.NUMBER,
            2.0,
            1.1,
            100,
            "`capacity`: the factor between rates before the first probe that is not sustained.");
    public static final Key<Double> CAPACITY_PRECISION = Key.range(
            "capacity.precision",
            Type.NUMBER,
            0.1,
            0.001,
            10,
            "`capacity`: the search ends when the lowest unsustained rate is within this fraction of the highest sustained one (0.1: 10%).");
    public static final Key<Integer> CAPACITY_MAX_PROBES = Key.range(
            "capacity.maxProbes",
            Type.INT,
            10,
            1,
            1000,
            "`capacity`: the most probes (runs at one rate, repeats included) per configuration.");
    public static final Key<Duration> CAPACITY_MAX_LATENCY = Key.range(
            "capacity.maxLatency",
            Type.DURATION,
            null,
            0.001,
            DAY,
            "`capacity`: a rate counts as sustained only when its steady-state mean event latency is also at most this (in every repetition; the answer: the highest load kept up with within it); none: any latency without a continuing rise. Micro-batches grow with a backlog and score faster per row, so without a bound a probe that starts behind can keep up at seconds of latency where one that starts caught up falls behind at a lower rate.");
    public static final Key<Integer> CAPACITY_REPETITIONS = Key.range(
            "capacity.repetitions",
            Type.INT,
            1,
            1,
            100,
            "`capacity`: runs per probe; a rate is sustained when all of them are, not when any is unsustainable.");

    public static final List<Key<?>> KEYS = List.of(
            DESCRIPTION,
            NODES,
            LOAD,
            DURATION,
            WARMUP,
            RAMP_UP,
            RAMP_STEPS,
            REPETITIONS,
            KAFKA_MODE,
            KAFKA_AUTH,
            KAFKA_ZOOKEEPER_NODES,
            KAFKA_PARTITIONS,
            KAFKA_REPLICATION_FACTOR,
            KAFKA_MIN_INSYNC_REPLICAS,
            KAFKA_ACKS,
            KAFKA_SESSION_TIMEOUT,
            KAFKA_CLIENT_TIMEOUT,
            ENGINE,
            FLINK_CHECKPOINT_INTERVAL,
            SPARK_WORKER_CORES,
            SPARK_MASTER,
            SPARK_WORKER_MEMORY,
            SPARK_EXECUTOR_MEMORY,
            SPARK_PROCESSING,
            SPARK_SINK,
            SPARK_TRIGGER,
            SPARK_CHECKPOINT_INTERVAL,
            SPARK_MAX_OFFSETS_PER_TRIGGER,
            SPARK_SCORING,
            SPARK_PARALLELISM,
            GENERATORS_NODES,
            GENERATORS_PROCESSES,
            GENERATORS_PRODUCERS,
            GENERATORS_LINGER_MS,
            GENERATORS_BATCH_SIZE,
            GENERATORS_COMPRESSION,
            MODEL_RATINGS,
            MODEL_PATH,
            MODEL_RANK,
            MODEL_ITERATIONS,
            MODEL_REG_PARAM,
            MODEL_SEED,
            SCRATCH,
            SHARED_FILESYSTEM,
            SCHEDULER_BACKEND,
            SCHEDULER_PARTITION,
            SCHEDULER_WALLTIME,
            SCHEDULER_RESERVATION,
            SCHEDULER_ACCOUNT,
            SCHEDULER_CONSTRAINT,
            SCHEDULER_TEARDOWN_MARGIN,
            SCHEDULER_START_TIMEOUT,
            SCHEDULER_ADDRESS_PATTERN,
            SCHEDULER_SSH_CONFIG,
            SCHEDULER_PRESERVE,
            SCHEDULER_LAUNCHER,
            SCHEDULER_JAVA_HOME,
            FAULTS,
            SPARK_WARMUP_MESSAGES,
            SPARK_SUPERVISE_DRIVER,
            DRAIN_TIMEOUT,
            CAPACITY_FROM,
            CAPACITY_MIN,
            CAPACITY_MAX,
            CAPACITY_GROWTH,
            CAPACITY_PRECISION,
            CAPACITY_MAX_PROBES,
            CAPACITY_MAX_LATENCY,
            CAPACITY_REPETITIONS);

    private static final Map<String, Key<?>> BY_PATH = new LinkedHashMap<>();

    static {
        KEYS.forEach(k -> BY_PATH.put(k.path(), k));
    }

    private Schema() {}

    public static Key<?> key(String path) {
        return BY_PATH.get(path);
    }

    /** The names allowed directly below a section ("" for the top of an experiment). */
    static Set<String> childrenOf(String section) {
        Set<String> out = new TreeSet<>();
        String prefix = section.isEmpty() ? "" : section + ".";
        for (String p : BY_PATH.keySet()) {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                out.add(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
            }
        }
        return out;
    }

    static boolean isSection(String path) {
        return BY_PATH.keySet().stream().anyMatch(p -> p.startsWith(path + "."));
    }
}
