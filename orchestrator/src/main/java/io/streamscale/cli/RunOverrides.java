package io.streamscale.cli;

import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Loads;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestError;
import io.streamscale.manifest.ManifestException;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.manifest.Schema;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code run}'s options for one run are overrides of a one-cell experiment: each option sets one manifest key, its
 * default is that key's default (the {@link Schema}), and the cell is read and checked exactly as a manifest's is, so a
 * setting means the same and is refused with the same message either way. Errors name the option, not the key.
 */
final class RunOverrides {
    static final String LABEL = "command line";
    static final String EXPERIMENT = "run";
    /** Option → manifest key; {@code --kafka} and {@code --spark} are the two halves of {@code nodes}. */
    static final Map<String, String> KEY_OF = new LinkedHashMap<>();

    static {
        String[][] pairs = {
            {"--kafka", "nodes"},
            {"--spark", "nodes"},
            {"--zookeeper", "kafka.zookeeperNodes"},
            {"--kafka-mode", "kafka.mode"},
            {"--kafka-auth", "kafka.auth"},
            {"--rate", "load"},
            {"--duration", "duration"},
            {"--warmup", "warmup"},
            {"--ramp-up", "rampUp"},
            {"--generators", "generators.processes"},
            {"--generator-nodes", "generators.nodes"},
            {"--producers", "generators.producers"},
            {"--partitions", "kafka.partitions"},
            {"--replication", "kafka.replicationFactor"},
            {"--min-insync-replicas", "kafka.minInsyncReplicas"},
            {"--acks", "kafka.acks"},
            {"--linger-ms", "generators.lingerMs"},
            {"--batch-size", "generators.batchSize"},
            {"--compression", "generators.compression"},
            {"--engine", "engine"},
            {"--flink-checkpoint-interval", "flink.checkpointInterval"},
            {"--mode", "spark.scoring"},
            {"--processing", "spark.processing"},
            {"--sink", "spark.sink"},
            {"--trigger", "spark.trigger"},
            {"--checkpoint-interval", "spark.checkpointInterval"},
            {"--max-offsets-per-trigger", "spark.maxOffsetsPerTrigger"},
            {"--model", "model.path"},
            {"--ratings", "model.ratings"},
            {"--rank", "model.rank"},
            {"--iterations", "model.iterations"},
            {"--spark-master", "spark.master"},
            {"--supervise-driver", "spark.superviseDriver"},
            {"--scorer-warmup", "spark.warmupMessages"},
            {"--worker-cores", "spark.workerCores"},
            {"--worker-memory", "spark.workerMemory"},
            {"--executor-memory", "spark.executorMemory"},
            {"--drain-timeout", "drainTimeout"}
        };
        for (String[] p : pairs) {
            KEY_OF.put(p[0], p[1]);
        }
    }

    private RunOverrides() {}

    /** The options' defaults are the Schema's: one set of defaults for {@code run} and manifests. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec o) || !KEY_OF.containsKey(o.longestName())) {
                return null;
            }
            return text(o.longestName(), Schema.key(KEY_OF.get(o.longestName())).defaultValue());
        }

        private static String text(String option, Object def) {
            if (def == null) {
                return null;
            }
            if (def instanceof List<?> nodes) {
                return String.valueOf(nodes.get(option.equals("--kafka") ? 0 : 1));
            }
            if (option.equals("--rate")) {
                return new BigDecimal(Loads.rate(def.toString()))
                        .stripTrailingZeros()
                        .toPlainString();
            }
            return def instanceof Duration d ? exact(d) : def.toString();
        }
    }

    /**
     * The one cell that the given options make, read and checked as a manifest.
     *
     * @param given option → value, for the options given on the command line (the rest keep the Schema's defaults)
     * @param faults manifest fault entries (YAML flow maps), e.g. for --restart-driver-at
     * @throws CommandLine.ParameterException naming each option whose value breaks a rule
     */
    /** @param backend the run's scheduler (--scheduler, a site option): settings such as kafka.auth auto depend on it */
    static Cell cell(CommandLine cmd, Map<String, Object> given, List<String> faults, String backend) {
        String yaml = yaml(given, faults) + (backend == null ? "" : "    scheduler: {backend: " + backend + "}\n");
        try {
            Manifest m = ManifestReader.readText(LABEL, yaml);
            List<Cell> cells = m.cells(m.select(List.of(EXPERIMENT)));
            return cells.get(0);
        } catch (ManifestException e) {
            String why = e.errors().stream()
                    .map(err -> "\n  " + optionOf(err) + ": " + err.message())
                    .collect(Collectors.joining());
            throw new CommandLine.ParameterException(cmd, "invalid run:" + why);
        }
    }

    /** The option that sets the key an error names (or the key itself, for a rule of several). */
    static String optionOf(ManifestError e) {
        String key = e.path().replaceFirst("^experiments\\." + EXPERIMENT + "\\.", "");
        if (key.startsWith("faults")) {
            return "--restart-driver-at";
        }
        List<String> options = KEY_OF.entrySet().stream()
                .filter(en -> en.getValue().equals(key))
                .map(Map.Entry::getKey)
                .toList();
        return options.isEmpty() ? key : String.join("/", options);
    }

    static String yaml(Map<String, Object> given, List<String> faults) {
        Map<String, Object> settings = new TreeMap<>();
        for (var e : given.entrySet()) {
            String key = KEY_OF.get(e.getKey());
            if (key == null) {
                throw new IllegalArgumentException("not a run option with a manifest key: " + e.getKey());
            }
            if (!key.equals("nodes")) {
                settings.put(key, e.getKey().equals("--rate") ? plain(e.getValue()) + "/s" : e.getValue());
            }
        }
        StringBuilder b = new StringBuilder("experiments:\n  " + EXPERIMENT + ":\n");
        if (given.containsKey("--kafka") || given.containsKey("--spark")) {
            List<?> def = (List<?>) Schema.key("nodes").defaultValue();
            b.append("    nodes: [")
                    .append(plain(given.getOrDefault("--kafka", def.get(0))))
                    .append(", ")
                    .append(plain(given.getOrDefault("--spark", def.get(1))))
                    .append("]\n");
        }
        // dotted keys become nested maps: kafka.acks -> kafka: {acks: ...}
        Map<String, Map<String, Object>> groups = new TreeMap<>();
        for (var e : settings.entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot < 0) {
                b.append("    ")
                        .append(e.getKey())
                        .append(": ")
                        .append(scalar(e.getValue()))
                        .append('\n');
            } else {
                groups.computeIfAbsent(e.getKey().substring(0, dot), g -> new TreeMap<>())
                        .put(e.getKey().substring(dot + 1), e.getValue());
            }
        }
        for (var g : groups.entrySet()) {
            b.append("    ").append(g.getKey()).append(":\n");
            g.getValue()
                    .forEach((k, v) -> b.append("      ")
                            .append(k)
                            .append(": ")
                            .append(scalar(v))
                            .append('\n'));
        }
        if (!faults.isEmpty()) {
            b.append("    faults:\n");
            faults.forEach(f -> b.append("      - ").append(f).append('\n'));
        }
        return b.toString().endsWith(":\n")
                ? b.toString().replaceFirst(":\n$", ": {}\n")
                : b.toString(); // no option: every default
    }

    private static String plain(Object v) {
        return v instanceof Double d
                ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                : String.valueOf(v);
    }

    /** A duration exactly, as the manifest reader parses it (Durations.format is for people and rounds). */
    static String exact(Duration d) {
        return d.toMillis() + "ms";
    }

    /** A YAML double-quoted scalar: the reader converts the text by the key's type, whatever the quoting. */
    private static String scalar(Object v) {
        String text = v instanceof Duration d ? exact(d) : plain(v);
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
