package io.streamscale.manifest;

import static io.streamscale.manifest.Key.Type.BOOL;
import static io.streamscale.manifest.Key.Type.DURATION;
import static io.streamscale.manifest.Key.Type.FAULTS;
import static io.streamscale.manifest.Key.Type.INT;
import static io.streamscale.manifest.Key.Type.LOAD;
import static io.streamscale.manifest.Key.Type.NODES;
import static io.streamscale.manifest.Key.Type.NUMBER;
import static io.streamscale.manifest.Key.Type.SIZE;
import static io.streamscale.manifest.Key.Type.ADDRESS;
import static io.streamscale.manifest.Key.Type.PATH;
import static io.streamscale.manifest.Key.Type.STRING;

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
    public static final List<Key> KEYS = List.of(
            Key.of("description", STRING, "", "What the experiment shows (free text)."),
            Key.of("nodes", NODES, List.of(1, 1), "Kafka and Spark node counts, [kafka, spark] (usually set by matrix)."),
            Key.range("load", LOAD, "5000/s", 0, 1e9, "Offered load: a rate (5000/s, 16.7k/s) or messages per duration (5M/10m)."),
            Key.range("duration", DURATION, "60s", 1, 7 * DAY, "How long the measured load runs (after the warm-up)."),
            Key.range("warmup", DURATION, "30s", 0, DAY, "Load before the measured part (the same rate into the same topic): it warms the whole path (Kafka consumers, fetch, parse, predict, sink) and is excluded from steady-state figures."),
            Key.range("rampUp", DURATION, "15s", 0, DAY, "The first part of the warm-up, over which the load rises from 0 to its rate (linearly, or in `rampSteps` steps) (cut to the warm-up when longer): a cold path warms at a load it can take instead of starting behind, and the measured part always runs at the full rate. 0: the full rate from the first message."),
            Key.range("rampSteps", INT, 0, 0, 1000, "0: the ramp rises linearly; S: in S equal steps (rate/S, 2 rate/S, ..., rate), each held for rampUp/S: each step a probe at its rate (`capacity --ramp`)."),
            Key.range("repetitions", INT, 1, 1, 1000, "How often each cell runs."),
            Key.choice("kafka.mode", "zookeeper", "Metadata: zookeeper (as the seed) or kraft.", "zookeeper", "kraft"),
            Key.choice("kafka.auth", "auto", "Who may use the run's Kafka and ZooKeeper: scram (the run's per-run credentials:"
                    + " SASL/SCRAM for Kafka, SASL digest for ZooKeeper; other users of the cluster are refused), none (anyone"
                    + " who reaches the nodes), auto (scram on any scheduler but local).", "auto", "scram", "none"),
            Key.range("kafka.zookeeperNodes", INT, 1, 0, 100, "ZooKeeper nodes, on the first Kafka nodes (zookeeper mode)."),
            Key.range("kafka.partitions", INT, 0, 0, 10_000, "Topic partitions; 0 = one per broker (the seed)."),
            Key.range("kafka.replicationFactor", INT, 1, 1, 100, "Topic replication factor (the seed: 1)."),
            Key.range("kafka.minInsyncReplicas", INT, null, 1, 100, "Topic min.insync.replicas (default: the broker's, 1)."),
            Key.choice("kafka.acks", "1", "Producer acks.", "0", "1", "all"),
            Key.range("kafka.sessionTimeout", DURATION, "18s", 4, 300, "How long a broker that stops answering keeps leading its"
                    + " partitions: ZooKeeper's session timeout (zookeeper.session.timeout.ms; at least 2 ticks, 4 s) or KRaft's"
                    + " broker.session.timeout.ms. 18 s is Kafka's default (the seed's); broker-fault-replicated uses 4 s."),
            Key.range("kafka.clientTimeout", DURATION, "30s", 1, 300, "How long a client waits for one broker's answer before it"
                    + " retries with fresh metadata: request.timeout.ms of the generators' producers and of the scorer's Kafka"
                    + " consumers and offset reader (its API timeout is twice this). 30 s is Kafka's default; broker-fault-replicated"
                    + " uses 3 s."),
            Key.range("spark.workerCores", INT, 2, 1, 1024, "Cores each Spark worker offers."),
            Key.choice("spark.master", "shared", "Where the Spark master and the streaming driver run: shared (on the first"
                    + " Spark worker node, as the seed) or own (a node of their own, not counted in nodes).", "shared", "own"),
            Key.of("spark.workerMemory", SIZE, "2g", "Memory each Spark worker offers to executors."),
            Key.of("spark.executorMemory", SIZE, "1g", "Memory per executor."),
            Key.choice("spark.processing", "microbatch", "How the scorer runs: microbatch (a Spark job per trigger, the"
                    + " seed's) or realtime (Spark 4.1+'s real-time mode: one long-running task per Kafka partition scores each"
                    + " row as it arrives; needs Spark cores (nodes x spark.workerCores) >= partitions, broadcast scoring and, on"
                    + " a cluster, sharedFilesystem).",
                    "microbatch", "realtime"),
            Key.choice("spark.sink", "parquet", "Where scored rows go: parquet (files in the run's output/, readable when their"
                    + " micro-batch or real-time epoch commits) or kafka (JSON messages to an output topic, readable at once, as"
                    + " real-time mode is meant to be used; a consumer on the first generator node stamps when each arrives and"
                    + " writes the rows to output/ - delivered latency; at least once: duplicates are counted).",
                    "parquet", "kafka"),
            Key.range("spark.trigger", DURATION, "1s", 0, DAY, "Micro-batch trigger interval; 0: each batch as soon as the"
                    + " last one ended."),
            Key.range("spark.checkpointInterval", DURATION, "10s", 5, DAY, "Real-time mode: how often the query commits its"
                    + " offsets (Trigger.RealTime's duration, at least Spark's 5 s). Not a latency: rows are scored as they"
                    + " arrive; an epoch's Parquet files appear when it ends, and a restarted driver re-scores at most one epoch."),
            Key.range("spark.maxOffsetsPerTrigger", INT, null, 1, 1e9, "Cap on messages per micro-batch (default: none)."),
            Key.choice("spark.scoring", "broadcast", "broadcast (dot product over broadcast factors) or transform"
                    + " (ALSModel.transform, as the seed); identical predictions.", "broadcast", "transform"),
            Key.range("generators.nodes", INT, 1, 1, 1000, "Generator nodes."),
            Key.range("generators.processes", INT, 32, 1, 10_000, "Generator instances per generator node (the seed: 32): each its own id, schedule and accounting."),
            Key.range("generators.producers", INT, 1, 1, 1000, "Kafka producers per generator node that its instances share, each with one pacing thread (Kafka's ProducerPerformance uses one)."),
            Key.range("generators.lingerMs", INT, 5, 0, 60_000, "Producer linger.ms."),
            Key.range("generators.batchSize", INT, 65536, 1, 64 << 20, "Producer batch.size, bytes."),
            Key.choice("generators.compression", "none", "Producer compression.type.", "none", "gzip", "snappy", "lz4", "zstd"),
            Key.of("model.ratings", STRING, null, "Ratings file to train on (MovieLens CSV or u::m::r::t); default: synthetic."),
            Key.of("model.path", STRING, null, "An existing model directory (from `streamscale train`); skips training."),
            Key.range("model.rank", INT, 10, 1, 1000, "ALS rank (the seed: 10)."),
            Key.range("model.iterations", INT, 10, 1, 1000, "ALS iterations."),
            Key.range("model.regParam", NUMBER, 0.1, 0, 1e6, "ALS regularization."),
            Key.of("model.seed", INT, 42, "Random seed of the trainer (split and ALS); models are cached by ratings and these settings."),
            Key.of("scratch", PATH, "/tmp/streamscale-${USER}", "Node-local scratch directory on cluster nodes."),
            Key.of("sharedFilesystem", BOOL, true, "Whether nodes see the orchestrator's files (DAS-5 home: yes)."),
            Key.choice("scheduler.backend", "local", "Where nodes come from.", "local", "slurm", "prun"),
            Key.of("scheduler.partition", STRING, null, "SLURM partition."),
            Key.range("scheduler.walltime", DURATION, "1h", 1, 30 * DAY, "Reservation length; with reservation: per-run, the longest a run may ask for (each asks for its own estimate, see `plan`)."),
            Key.choice("scheduler.reservation", "shared", "shared: one reservation for every selected cell; per-run: one per"
                    + " run, released after it (as the seed's preserve per run; DAS-5's 15-minute daytime limit).", "shared", "per-run"),
            Key.of("scheduler.account", STRING, null, "SLURM account."),
            Key.of("scheduler.constraint", STRING, null, "SLURM --constraint / node feature."),
            Key.range("scheduler.teardownMargin", DURATION, "2m", 0, DAY, "Walltime kept free for teardown at the end."),
            Key.range("scheduler.startTimeout", DURATION, "30m", 1, 7 * DAY, "How long a pending reservation may wait to start; then it is cancelled."),
            Key.of("scheduler.addressPattern", ADDRESS, "{host}", "The address daemons bind to, from the host name:"
                    + " {host}, or {host}.ib.cluster for DAS-5's InfiniBand."),
            Key.of("scheduler.sshConfig", STRING, null, "OpenSSH config used to reach the nodes (default: ~/.ssh/config)."),
            Key.of("scheduler.preserve", STRING, "preserve", "The preserve command (prun backend)."),
            Key.choice("scheduler.launcher", "ssh", "How commands reach the nodes: ssh, or srun (steps of the SLURM job, for"
                    + " sites without ssh to compute nodes; everything started stays in the job and ends with it).", "ssh", "srun"),
            Key.of("scheduler.javaHome", PATH, null, "The JDK (17 or later) the daemons run on, at this path on every node (default: the one running streamscale; DAS-5: one under /var/scratch)."),
            Key.of("faults", FAULTS, List.of(), "Faults injected during the load (see Faults): at, action, target, select,"
                    + " restartAfter, for, every."),
            Key.range("spark.warmupMessages", INT, 20000, 0, 1e9, "Messages the scorer sends to a topic of its own and scores with a streaming query like the measured one (same source, plan and sink, 4 micro-batches) before the load, so the whole path is warm (0: none)."),
            Key.of("spark.superviseDriver", BOOL, false, "Restart the streaming driver from its checkpoint whenever it dies"
                    + " (the orchestrator supervises it)."),
            Key.range("drainTimeout", DURATION, "120s", 1, DAY, "How long the scorer may take to score the backlog after the load."),
            Key.range("capacity.from", LOAD, "5000/s", 1, 1e9, "`capacity`: the first rate probed; rates grow from it by `capacity.growth` while sustained (or fall while not)."),
            Key.range("capacity.min", LOAD, "100/s", 1, 1e9, "`capacity`: the lowest rate probed; not sustained there, the answer is 'below'."),
            Key.range("capacity.max", LOAD, "1000000/s", 1, 1e9, "`capacity`: the highest rate probed; sustained there, the answer is 'at least'."),
            Key.range("capacity.growth", NUMBER, 2.0, 1.1, 100, "`capacity`: the factor between rates before the first probe that is not sustained."),
            Key.range("capacity.precision", NUMBER, 0.1, 0.001, 10, "`capacity`: the search ends when the lowest unsustained rate is within this fraction of the highest sustained one (0.1: 10%)."),
            Key.range("capacity.maxProbes", INT, 10, 1, 1000, "`capacity`: the most probes (runs at one rate, repeats included) per configuration."),
            Key.range("capacity.maxLatency", DURATION, null, 0.001, DAY, "`capacity`: a rate counts as sustained only when its steady-state mean event latency is also at most this (in every repetition; the answer: the highest load kept up with within it); none: any latency without a continuing rise. Micro-batches grow with a backlog and score faster per row, so without a bound a probe that starts behind can keep up at seconds of latency where one that starts caught up falls behind at a lower rate."),
            Key.range("capacity.repetitions", INT, 1, 1, 100, "`capacity`: runs per probe; a rate is sustained when all of them are, not when any is unsustainable."));

    private static final Map<String, Key> BY_PATH = new LinkedHashMap<>();

    static {
        KEYS.forEach(k -> BY_PATH.put(k.path(), k));
    }

    private Schema() {
    }

    public static Key key(String path) {
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
