package io.streamscale.results;

import static io.streamscale.common.Json.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.jobs.scorer.Processing;
import io.streamscale.jobs.scorer.Sink;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a run directory says besides its Parquet: run.json (parameters, status, where it belongs in a study), the
 * generator summaries, faults.jsonl and progress.jsonl. The load starts at the earliest generator start.
 */
public record RunInputs(
        RunDirectory dir,
        JsonNode run,
        List<GeneratorFigures> generators,
        List<JsonNode> faults,
        List<JsonNode> progress) {

    public static RunInputs read(RunDirectory dir) {
        if (!Files.isRegularFile(dir.runJson())) {
            throw new ResultsException(dir.root() + " is not a run directory: it has no run.json");
        }
        JsonNode run = readJson(dir.runJson());
        ClockCorrection clocks = ClockCorrection.of(run);
        // on the orchestrator's clock, like fault times and the corrected rows
        List<GeneratorFigures> gens = generators(dir).stream()
                .map(g -> g.shifted(Math.round(clocks.offsetMicros(g.node()))))
                .toList();
        return new RunInputs(dir, run, gens, readLines(dir.faults()), readLines(dir.progress()));
    }

    /** {@code commits.jsonl}: when each batch became readable, as the scorer's driver stamped it (empty: not recorded). */
    public List<JsonNode> commits() {
        return readLines(dir.commits());
    }

    /** How each node's clock is corrected (empty: run.json records no offsets, one clock assumed). */
    public ClockCorrection clocks() {
        return ClockCorrection.of(run);
    }

    /** {@link #clocks()} as the scored rows need it: by scoring node, by generator, for Spark's and Kafka's stamps. */
    public ScoredRows.Clocks rowClocks() {
        ClockCorrection c = clocks();
        if (c.isEmpty()) {
            return ScoredRows.Clocks.NONE;
        }
        Map<String, Long> nodes = new LinkedHashMap<>();
        c.nodes().keySet().forEach(n -> nodes.put(n, Math.round(c.offsetMicros(n))));
        Map<Integer, Long> gens = new LinkedHashMap<>();
        generators.forEach(g -> gens.put(g.id(), Math.round(c.offsetMicros(g.node()))));
        return new ScoredRows.Clocks(
                nodes,
                gens,
                realtime() || flink() ? null : Math.round(c.offsetMicros(c.driver())),
                Math.round(c.brokerMicros()));
    }

    /** The Flink engine: every timestamp of a row is taken in its task, on the node that scored it. */
    public boolean flink() {
        return "flink".equals(parameters().path("cluster").path("engine").asText());
    }

    /** Spark's real-time mode (rows stamped in their task), else micro-batches (timestampSpark is the driver's). */
    public boolean realtime() {
        return Processing.REALTIME
                .toString()
                .equals(parameters().path("spark").path("processing").asText());
    }

    /** The generator summaries ({@code generators/gen-N.json}) by instance id: the one reader of them. */
    public static List<GeneratorFigures> generators(RunDirectory dir) {
        List<GeneratorFigures> gens = new ArrayList<>();
        if (Files.isDirectory(dir.generators())) {
            try (Stream<Path> s = Files.list(dir.generators())) {
                for (Path p : s.filter(f -> f.getFileName().toString().matches("gen-\\d+\\.json"))
                        .toList()) {
                    gens.add(GeneratorFigures.of(readJson(p)));
                }
            } catch (IOException e) {
                throw new ResultsException("cannot list " + dir.generators() + ": " + e.getMessage(), e);
            }
        }
        gens.sort(Comparator.comparingInt(GeneratorFigures::id));
        return gens;
    }

    public String status() {
        return run.path("status").asText("unknown");
    }

    public String experiment() {
        return run.path("experiment").asText("");
    }

    /** The cell's name in its study, or the run's own name for a single run. */
    public String cell() {
        return run.hasNonNull("cell")
                ? run.path("cell").asText()
                : run.path("run").asText(dir.root().getFileName().toString());
    }

    public int repetition() {
        return run.path("repetition").asInt(1);
    }

    public int kafkaNodes() {
        return parameters().path("cluster").path("kafka").asInt();
    }

    public int sparkNodes() {
        return parameters().path("cluster").path("spark").asInt();
    }

    /** The nodes the run took: Kafka + Spark + generator nodes (+ one when the master had its own). */
    public int nodeCount() {
        return kafkaNodes()
                + sparkNodes()
                + Math.max(1, parameters().path("generators").path("nodes").asInt(1))
                + (parameters().path("cluster").path("ownMaster").asBoolean(false) ? 1 : 0);
    }

    /**
     * "2x3": Kafka x Spark nodes, as the seed labels its configurations; then how Spark processes when it is not the
     * seed's way (micro-batches every second): "1x1 real-time", "1x1 trigger 0s", or the engine when it is not Spark:
     * "1x1 flink"; and " to Kafka" with the Kafka sink
     * ("1x1 real-time to Kafka"). Runs that differ in it are different
     * configurations of the same nodes, side by side in every table and plot.
     */
    public String configuration() {
        return kafkaNodes() + "x" + sparkNodes() + (flink() ? " flink" : processing())
                + (Sink.KAFKA
                                .toString()
                                .equals(parameters().path("spark").path("sink").asText())
                        ? " to Kafka"
                        : "");
    }

    private String processing() {
        JsonNode spark = parameters().path("spark");
        if (realtime()) {
            return " real-time";
        }
        double trigger = spark.path("trigger").asDouble(SEED_TRIGGER_SECONDS);
        return trigger == SEED_TRIGGER_SECONDS
                ? ""
                : " trigger " + BigDecimal.valueOf(trigger).stripTrailingZeros().toPlainString() + "s";
    }

    /** The seed's micro-batch trigger (spark.trigger's default): a run with it is labelled by its nodes alone. */
    private static final double SEED_TRIGGER_SECONDS = 1.0;

    public double rate() {
        return parameters().path("load").path("rate").asDouble();
    }

    /** The whole load, warm-up included, in seconds. */
    public double loadSeconds() {
        return parameters().path("load").path("duration").asDouble();
    }

    public double warmupSeconds() {
        return parameters().path("load").path("warmup").asDouble(0);
    }

    /** run.json's {@code parameters}: the run's settings as {@code RunSpec} nests them (cluster, load, kafka, ...). */
    public JsonNode parameters() {
        return run.path("parameters");
    }

    /**
     * The node whose clock offset against the orchestrator is least certain, with its bound in milliseconds; empty when
     * run.json records no offsets.
     */
    public Optional<Map.Entry<String, Double>> widestClockBound() {
        Map.Entry<String, Double> widest = null;
        for (var e : (Iterable<Map.Entry<String, JsonNode>>)
                () -> run.path("clockOffsets").fields()) {
            double b = e.getValue().path("boundMillis").asDouble(Double.NaN);
            if (!Double.isNaN(b) && (widest == null || b > widest.getValue())) {
                widest = Map.entry(e.getKey(), b);
            }
        }
        return Optional.ofNullable(widest);
    }

    /**
     * run.json's {@code machineLoad.machines}: per machine, the cores busy over the steady state (busyCores), of which the
     * run's processes (runCores) and other work (otherCores), the hypervisor's steal (stealCores) and its cores; empty
     * when the run did not read them.
     */
    public List<JsonNode> machineLoad() {
        List<JsonNode> out = new ArrayList<>();
        run.path("machineLoad").path("machines").forEach(out::add);
        return out;
    }

    /** When the load started: the earliest generator start, else run.json's start. */
    public long loadStartMicros() {
        return generators.stream()
                .mapToLong(GeneratorFigures::startMicros)
                .min()
                .orElseGet(() -> Instant.parse(run.path("start").asText()).toEpochMilli() * 1000);
    }

    public long loadEndMicros() {
        return loadStartMicros() + Math.round(loadSeconds() * 1e6);
    }

    /** The load as the seed labels it: messages per 10 minutes, e.g. "10M/10m", else msg/s. */
    public String loadLabel() {
        return loadLabel(rate());
    }

    static String loadLabel(double rate) {
        double per10m = rate * 600;
        if (per10m >= 1e6 && Math.abs(per10m / 1e6 - Math.round(per10m / 1e6)) < 1e-9) {
            return Math.round(per10m / 1e6) + "M/10m";
        }
        return (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate)) + " msg/s";
    }

    private static JsonNode readJson(Path p) {
        try {
            return MAPPER.readTree(p.toFile());
        } catch (IOException e) {
            throw new ResultsException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static List<JsonNode> readLines(Path p) {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isRegularFile(p)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).trim();
                if (l.isEmpty()) {
                    continue;
                }
                try {
                    out.add(MAPPER.readTree(l));
                } catch (IOException e) {
                    // a line cut short when the writer died: the rest of the file is still good
                    if (i < lines.size() - 1) {
                        throw new ResultsException(p + ":" + (i + 1) + ": not JSON: " + e.getMessage(), e);
                    }
                }
            }
        } catch (IOException e) {
            throw new ResultsException("cannot read " + p + ": " + e.getMessage(), e);
        }
        return out;
    }
}
