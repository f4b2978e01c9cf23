package io.streamscale.manifest;

import io.streamscale.common.Durations;
import io.streamscale.fault.FaultAction;
import io.streamscale.fault.FaultSpec;
import io.streamscale.fault.FaultTarget;
import io.streamscale.fault.Selector;
import io.streamscale.jobs.scorer.Processing;
import io.streamscale.jobs.scorer.Sink;
import io.streamscale.scheduler.Backend;
import io.streamscale.scheduler.Launcher;
import io.streamscale.service.Engine;
import io.streamscale.service.KafkaMode;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Expands an experiment's matrix (a cross product of its lists) into cells, checking each combination. */
final class Cells {
    private Cells() {}

    /** Most runs one experiment may expand to (cells x repetitions): weeks of cluster time, a few MB of plan. */
    static final long MAX_RUNS = 10_000;
    /** Most messages one run may send (warm-up and load): far beyond any run here, far below any counter's limit. */
    static final double MAX_MESSAGES = 1e11;

    static List<Cell> expand(String file, Experiment e, List<ManifestError> errors) {
        long runs = 1;
        for (List<Located> axis : e.matrix().values()) {
            runs = Math.min(
                    runs * axis.size(), Long.MAX_VALUE / 1_000_000); // saturates: the check below needs no exact count
        }
        long repetitions = e.matrix().containsKey("repetitions")
                ? e.matrix().get("repetitions").stream()
                        .mapToLong(l -> (Integer) l.value())
                        .max()
                        .orElse(1)
                : (Integer) e.settings().get("repetitions").value();
        if (runs * repetitions > MAX_RUNS) {
            errors.add(new ManifestError(
                    file,
                    e.line(),
                    1,
                    "experiments." + e.name(),
                    "expands to " + runs + " cell(s) x " + repetitions + " repetition(s), more than " + MAX_RUNS
                            + " runs: split it, or trim its matrix"));
            return List.of();
        }
        List<Map<String, Located>> combos = new ArrayList<>();
        combos.add(new HashMap<>(e.settings()));
        for (Map.Entry<String, List<Located>> axis : e.matrix().entrySet()) {
            List<Map<String, Located>> next = new ArrayList<>();
            for (Map<String, Located> c : combos) {
                for (Located v : axis.getValue()) {
                    Map<String, Located> m = new HashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Cell> cells = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Located> c : combos) {
            if (sparkOnly(e, c)) {
                continue;
            }
            int before = errors.size();
            check(file, e, c, errors);
            if (errors.size() > before) {
                continue;
            }
            String name = name(e, c);
            if (!names.add(name)) {
                errors.add(new ManifestError(
                        file,
                        e.line(),
                        1,
                        "experiments." + e.name() + ".matrix",
                        "two cells would both be named " + name + ": the matrix lists a value twice"));
                continue;
            }
            int reps = (Integer) c.get("repetitions").value();
            for (int r = 1; r <= reps; r++) {
                cells.add(new Cell(e.name(), name, r, reps, Map.copyOf(c)));
            }
        }
        return cells;
    }

    /**
     * A combination of a matrix that crosses {@code engine} with {@code spark.processing} and gives Flink Spark's
     * real-time mode: not a cell (Flink scores each row as it arrives in its one way), so engines and Spark's modes sit
     * side by side in one matrix. Set outside a matrix, the same settings are an error.
     */
    private static boolean sparkOnly(Experiment e, Map<String, Located> c) {
        return e.matrix().containsKey("engine")
                && e.matrix().containsKey("spark.processing")
                && c.get("engine").value() == Engine.FLINK
                && c.get("spark.processing").value() == Processing.REALTIME;
    }

    /** {@code k3s2_5Mper10m}: the matrix values of this combination, in matrix order ("single" when no matrix). */
    static String name(Experiment e, Map<String, Located> c) {
        if (e.matrix().isEmpty()) {
            return c.get("nodes").text() + "_" + slug(c.get("load").text());
        }
        List<String> parts = new ArrayList<>();
        for (String path : e.matrix().keySet()) {
            String text = slug(c.get(path).text());
            parts.add(
                    path.equals("nodes") || path.equals("load") || path.equals("engine")
                            ? text
                            : path.substring(path.lastIndexOf('.') + 1) + text);
        }
        return String.join("_", parts);
    }

    /** {@code 5000/s} → {@code 5000ps}, {@code 5M/10m} → {@code 5Mper10m}: safe in a directory name. */
    static String slug(String text) {
        String t = text.strip().replaceAll("\\s+", "");
        t = t.endsWith("/s") ? t.substring(0, t.length() - 2) + "ps" : t.replace("/", "per");
        return t.replaceAll("[^A-Za-z0-9.]", "");
    }

    /** Checks that need several settings together; each error points at the setting that breaks the rule. */
    private static void check(String file, Experiment e, Map<String, Located> c, List<ManifestError> errors) {
        Cell cell = new Cell(e.name(), "?", 1, 1, c);
        int kafka = cell.kafkaNodes();
        int rf = cell.get(Schema.KAFKA_REPLICATION_FACTOR);
        if (rf > kafka) {
            add(
                    file,
                    e,
                    c,
                    "kafka.replicationFactor",
                    "replication factor " + rf + " needs at least " + rf + " brokers, this cell has " + kafka
                            + " (nodes " + c.get("nodes").text() + ")",
                    errors);
        }
        Object minIsr = cell.get(Schema.KAFKA_MIN_INSYNC_REPLICAS);
        if (minIsr instanceof Integer m && m > rf) {
            add(
                    file,
                    e,
                    c,
                    "kafka.minInsyncReplicas",
                    "min.insync.replicas " + m + " exceeds the replication factor " + rf,
                    errors);
        }
        if (cell.kafkaMode() == KafkaMode.ZOOKEEPER) {
            int zk = cell.get(Schema.KAFKA_ZOOKEEPER_NODES);
            if (zk < 1 || zk > kafka) {
                add(
                        file,
                        e,
                        c,
                        "kafka.zookeeperNodes",
                        "ZooKeeper runs on the Kafka nodes: 1 to " + kafka + " ZooKeeper nodes are possible, " + zk
                                + " were asked for",
                        errors);
            }
        }
        checkFaults(file, e, c, cell, errors);
        checkRealTime(file, e, c, cell, errors);
        Object modelPath = cell.get(Schema.MODEL_PATH);
        if (modelPath != null && cell.get(Schema.MODEL_RATINGS) != null) {
            add(
                    file,
                    e,
                    c,
                    "model.ratings",
                    "give model.path (an existing model) or model.ratings (train one), not both",
                    errors);
        }
        double messages =
                cell.rate() * (cell.warmup().toMillis() + cell.duration().toMillis()) / 1000.0;
        if (messages > MAX_MESSAGES) {
            add(
                    file,
                    e,
                    c,
                    "load",
                    String.format(
                            Locale.ROOT,
                            "%.3g messages in one run (load x (warmup + duration)),"
                                    + " more than %.0g: lower the load or shorten the run",
                            messages,
                            MAX_MESSAGES),
                    errors);
        }
        // files named here are read on this machine before anything is reserved: missing ones fail now, not mid-study
        for (String path : List.of("model.ratings", "scheduler.sshConfig")) {
            Object f = c.get(path).value();
            if (f instanceof String s && !Files.exists(Path.of(s))) {
                add(file, e, c, path, "no such file: " + s, errors);
            }
        }
        if (cell.get(Schema.SCHEDULER_LAUNCHER) == Launcher.SRUN
                && cell.get(Schema.SCHEDULER_BACKEND) != Backend.SLURM) {
            add(
                    file,
                    e,
                    c,
                    "scheduler.launcher",
                    "srun runs commands as steps of a SLURM job: it needs scheduler.backend slurm," + " not "
                            + cell.get(Schema.SCHEDULER_BACKEND),
                    errors);
        }
    }

    /** Real-time mode runs one long task per Kafka partition, all at once, and allows only a stateless plan. */
    private static void checkRealTime(
            String file, Experiment e, Map<String, Located> c, Cell cell, List<ManifestError> errors) {
        if (cell.get(Schema.ENGINE) == Engine.FLINK) {
            // Spark's modes and sinks are Spark's: a Flink cell that sets them asks for something it will not get
            if (cell.get(Schema.SPARK_PROCESSING) == Processing.REALTIME) {
                add(
                        file,
                        e,
                        c,
                        "spark.processing",
                        "engine flink scores each row as it arrives anyway:"
                                + " spark.processing realtime is Spark's mode",
                        errors);
            }
            if (cell.get(Schema.SPARK_SINK) == Sink.KAFKA) {
                add(
                        file,
                        e,
                        c,
                        "spark.sink",
                        "engine flink writes Parquet only (its Kafka sink is not built yet)",
                        errors);
            }
            if (cell.get(Schema.SPARK_PARALLELISM) > 0) {
                add(
                        file,
                        e,
                        c,
                        "spark.parallelism",
                        "engine flink runs one task per TaskManager slot (Spark nodes x spark.workerCores):"
                                + " spark.parallelism is Spark's",
                        errors);
            }
            String unshared =
                    RealTimeSite.flinkRefusal(cell.get(Schema.SCHEDULER_BACKEND), cell.get(Schema.SHARED_FILESYSTEM));
            if (unshared != null) { // refused here, not on the granted nodes: every run would reserve them to fail
                add(file, e, c, "engine", unshared, errors);
            }
            return;
        }
        if (cell.get(Schema.SPARK_PROCESSING) != Processing.REALTIME) {
            return;
        }
        int partitions = cell.get(Schema.KAFKA_PARTITIONS);
        int effective = partitions > 0 ? partitions : cell.kafkaNodes();
        int cores = cell.sparkNodes() * cell.get(Schema.SPARK_WORKER_CORES);
        if (cores < effective) {
            add(
                    file,
                    e,
                    c,
                    "spark.processing",
                    "real-time mode runs one task per Kafka partition at once: " + effective
                            + " partition(s) need " + effective + " Spark cores, this cell (nodes "
                            + c.get("nodes").text() + ") has "
                            + cores + " (" + cell.sparkNodes() + " Spark node(s) x spark.workerCores "
                            + cell.get(Schema.SPARK_WORKER_CORES)
                            + "); raise spark.workerCores or lower kafka.partitions",
                    errors);
        }
        if (!"broadcast".equals(cell.get(Schema.SPARK_SCORING))) {
            add(
                    file,
                    e,
                    c,
                    "spark.scoring",
                    "real-time mode allows stream-static joins only when broadcast: use broadcast scoring," + " not "
                            + cell.get(Schema.SPARK_SCORING),
                    errors);
        }
        if (cell.get(Schema.SPARK_MAX_OFFSETS_PER_TRIGGER) != null) {
            add(
                    file,
                    e,
                    c,
                    "spark.maxOffsetsPerTrigger",
                    "real-time mode reads each partition continuously: no cap per batch",
                    errors);
        }
        if (cell.get(Schema.SPARK_PARALLELISM) > 0) {
            add(
                    file,
                    e,
                    c,
                    "spark.parallelism",
                    "real-time mode runs one long task per Kafka partition: set kafka.partitions instead",
                    errors);
        }
        String unshared = RealTimeSite.refusal(
                cell.get(Schema.SCHEDULER_BACKEND), cell.get(Schema.SHARED_FILESYSTEM), cell.get(Schema.SPARK_SINK));
        if (unshared != null) {
            add(file, e, c, "spark.processing", unshared, errors);
        }
    }

    /** Each fault must fit the cell: enough daemons for its selector, a time within the load, a partition that exists. */
    private static void checkFaults(
            String file, Experiment e, Map<String, Located> c, Cell cell, List<ManifestError> errors) {
        Duration load = cell.warmup().plus(cell.duration());
        List<Located> faults = cell.locatedFaults();
        for (int i = 0; i < faults.size(); i++) {
            Located l = faults.get(i);
            FaultSpec f = (FaultSpec) l.value();
            String path = "faults[" + i + "]";
            int available = switch (f.target()) {
                case KAFKA -> cell.kafkaNodes();
                case SPARK_WORKER, FLINK_TASKMANAGER, WORKER -> cell.sparkNodes();
                case SPARK_DRIVER, FLINK_JOBMANAGER -> 1;
                case ZOOKEEPER -> cell.zookeeperNodes();
            };
            Engine engine = cell.get(Schema.ENGINE);
            String otherEngine = switch (f.target()) {
                case SPARK_WORKER, SPARK_DRIVER -> engine == Engine.FLINK ? "spark" : null;
                case FLINK_TASKMANAGER, FLINK_JOBMANAGER -> engine == Engine.SPARK ? "flink" : null;
                default -> null;
            };
            if (otherEngine != null) {
                fault(
                        file,
                        e,
                        l,
                        path + ".target",
                        f.target().yaml() + " is " + otherEngine + "'s, and this cell runs engine " + engine
                                + " (worker names the compute node's daemon of either engine)",
                        errors);
            }
            if (f.select().size() > available) {
                fault(
                        file,
                        e,
                        l,
                        path + ".select",
                        f.select().yaml() + " " + f.target().yaml() + " needs "
                                + f.select().size() + ", this cell has " + available + " (nodes "
                                + c.get("nodes").text() + ")",
                        errors);
            }
            if (f.firstAt(cell.warmup()).compareTo(load) >= 0) {
                fault(
                        file,
                        e,
                        l,
                        path + ".at",
                        "at " + Durations.format(f.firstAt(cell.warmup())) + " after the load starts is"
                                + " beyond the load (" + Durations.format(load) + " with the warm-up)",
                        errors);
            }
            if (f.action() == FaultAction.PARTITION && cell.get(Schema.SCHEDULER_BACKEND) == Backend.PRUN) {
                // refused here, not on the granted nodes: every run would reserve its nodes only to fail
                fault(
                        file,
                        e,
                        l,
                        path + ".action",
                        "partition cuts traffic with iptables, which needs root on the nodes;"
                                + " DAS gives its users none: use kill, stop or pause here",
                        errors);
            }
            int partitions =
                    cell.get(Schema.KAFKA_PARTITIONS) > 0 ? cell.get(Schema.KAFKA_PARTITIONS) : cell.kafkaNodes();
            if (f.select().kind() == Selector.Kind.LEADER && f.select().partition() >= partitions) {
                fault(
                        file,
                        e,
                        l,
                        path + ".select",
                        "the topic has partitions 0 to " + (partitions - 1) + ", not "
                                + f.select().partition(),
                        errors);
            }
            if (f.select().kind() == Selector.Kind.NODE && cell.get(Schema.SCHEDULER_BACKEND) == Backend.LOCAL) {
                var topology = Layout.assign(
                        Layout.localHosts(cell.nodeCount()),
                        cell.kafkaNodes(),
                        cell.sparkNodes(),
                        cell.zookeeperNodes(),
                        cell.generatorNodes(),
                        cell.ownMaster());
                boolean runsThere = topology.nodes().stream()
                        .anyMatch(n ->
                                n.name().equals(f.select().node()) && n.roles().contains(roleOf(f.target())));
                if (!runsThere) {
                    fault(
                            file,
                            e,
                            l,
                            path + ".select",
                            "no " + f.target().yaml() + " runs on " + f.select().node()
                                    + " in this cell (see `streamscale plan`)",
                            errors);
                }
            }
        }
    }

    private static Role roleOf(FaultTarget t) {
        return switch (t) {
            case KAFKA -> Role.KAFKA;
            case SPARK_WORKER, FLINK_TASKMANAGER, WORKER -> Role.SPARK_WORKER;
            case SPARK_DRIVER, FLINK_JOBMANAGER -> Role.SPARK_MASTER;
            case ZOOKEEPER -> Role.ZOOKEEPER;
        };
    }

    private static void fault(
            String file, Experiment e, Located where, String path, String message, List<ManifestError> errors) {
        ManifestError err = new ManifestError(
                file,
                where.line() > 0 ? where.line() : e.line(),
                where.line() > 0 ? where.column() : 1,
                "experiments." + e.name() + "." + path,
                message);
        if (!errors.contains(err)) {
            errors.add(err);
        }
    }

    private static void add(
            String file,
            Experiment e,
            Map<String, Located> c,
            String path,
            String message,
            List<ManifestError> errors) {
        Located where = c.get(path);
        int line = where.line() > 0 ? where.line() : e.line();
        int column = where.line() > 0 ? where.column() : 1;
        ManifestError err = new ManifestError(file, line, column, "experiments." + e.name() + "." + path, message);
        if (!errors.contains(err)) {
            errors.add(err);
        }
    }
}
