package io.streamscale.manifest;

import io.streamscale.fault.FaultSpec;
import io.streamscale.model.ModelSpec;
import io.streamscale.scheduler.Backend;
import io.streamscale.service.KafkaMode;
import io.streamscale.topology.Layout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a manifest: an experiment, one combination of its matrix, one repetition. {@code name} identifies the
 * combination ({@code k3s2_5Mper10m}); results go to {@code results/<experiment>/<name>/rep-<repetition>/}.
 */
public record Cell(String experiment, String name, int repetition, int repetitions, Map<String, Located> settings) {

    /**
     * This cell with {@code key} set from the command line: {@code text} checked and converted as the key's value in a
     * manifest is, remembered as given by {@code option} (errors about it name the option).
     *
     * @throws IllegalArgumentException what is wrong with the value
     */
    public Cell with(Key<?> key, String text, String option) {
        Map<String, Located> s = new HashMap<>(settings);
        s.put(key.path(), new Located(ManifestReader.convertText(key, text), text, 0, 0, option));
        return new Cell(experiment, name, repetition, repetitions, Map.copyOf(s));
    }

    /** EXPERIMENT/CELL/rep-N: how logs, `plan`, `run --only` and `submit` name one run. */
    public String label() {
        return experiment + "/" + name + "/rep-" + repetition;
    }

    /** The cell's value of a setting, of the key's type (null for a key without a default that the cell does not set). */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        Located l = settings.get(key.path());
        return l == null ? null : (T) l.value();
    }

    /** The setting with where it was written (line 0: a default). */
    public Located located(Key<?> key) {
        return settings.get(key.path());
    }

    /** {@code nodes} is always a validated [kafka, spark] pair of positive integers. */
    @SuppressWarnings("unchecked")
    private List<Integer> nodes() {
        return get(Schema.NODES);
    }

    public int kafkaNodes() {
        return nodes().get(0);
    }

    public int sparkNodes() {
        return nodes().get(1);
    }

    /**
     * Messages a second one generator node is given when generators.nodes is 0: bench/generator.sh sent 100 000/s from
     * one 2-core node on schedule (p99 behind it 84.5 ms, 0.43 cores), so a 16-core node has room to spare.
     */
    public static final int GENERATOR_NODE_RATE = 100_000;

    /** generators.nodes, or as many as the rate needs when it is 0 (auto). */
    public int generatorNodes() {
        int given = get(Schema.GENERATORS_NODES);
        return given > 0 ? given : generatorNodesFor(rate());
    }

    /** Generator nodes for a rate: one per {@link #GENERATOR_NODE_RATE} msg/s, at least one. */
    public static int generatorNodesFor(double rate) {
        return (int) Math.max(1, Math.ceil(rate / GENERATOR_NODE_RATE));
    }

    public KafkaMode kafkaMode() {
        return get(Schema.KAFKA_MODE);
    }

    /** Whether the run's Kafka and ZooKeeper require its credentials: kafka.auth scram, or auto off the local backend. */
    public boolean kafkaAuth() {
        String a = get(Schema.KAFKA_AUTH);
        return "scram".equals(a) || "auto".equals(a) && get(Schema.SCHEDULER_BACKEND) != Backend.LOCAL;
    }

    public int zookeeperNodes() {
        return kafkaMode() == KafkaMode.KRAFT ? 0 : get(Schema.KAFKA_ZOOKEEPER_NODES);
    }

    /** The faults to inject, each with where it was written. */
    @SuppressWarnings("unchecked")
    public List<Located> locatedFaults() {
        return get(Schema.FAULTS);
    }

    public List<FaultSpec> faults() {
        return locatedFaults().stream().map(l -> (FaultSpec) l.value()).toList();
    }

    /** Whether the Spark master and driver get a node of their own. */
    public boolean ownMaster() {
        return "own".equals(get(Schema.SPARK_MASTER));
    }

    /** Kafka + Spark + generator nodes (+ 1 for a Spark master on its own). */
    public int nodeCount() {
        return Layout.nodesNeeded(kafkaNodes(), sparkNodes(), generatorNodes(), ownMaster());
    }

    public double rate() {
        return get(Schema.LOAD);
    }

    public Duration duration() {
        return get(Schema.DURATION);
    }

    public Duration warmup() {
        return get(Schema.WARMUP);
    }

    /**
     * The cell's configuration, everything but its load: its name less the load's part ({@code k3s2_5Mper10m} →
     * {@code k3s2}); cells that differ only in load share it.
     */
    public String configuration() {
        String load = Cells.slug(settings.get("load").text());
        List<String> parts = new ArrayList<>(List.of(name.split("_")));
        int at = parts.lastIndexOf(load);
        if (at >= 0 && parts.size() > 1) {
            parts.remove(at);
        }
        return String.join("_", parts);
    }

    /**
     * This cell's configuration at another rate: a probe of a capacity search, named {@code CONFIGURATION_RATEps} as a
     * cell of a matrix over {@code load} would be (the same run), repetition {@code repetition}.
     */
    public Cell atRate(long rate, int repetition, int repetitions) {
        Located was = settings.get("load");
        Map<String, Located> s = new HashMap<>(settings);
        s.put("load", new Located((double) rate, rate + "/s", was.line(), was.column()));
        return new Cell(experiment, configuration() + "_" + rate + "ps", repetition, repetitions, Map.copyOf(s));
    }

    /** What determines the cell's model (every cell with the same one shares it). */
    public ModelSpec modelSpec() {
        return new ModelSpec(
                get(Schema.MODEL_RATINGS),
                get(Schema.MODEL_RANK),
                get(Schema.MODEL_ITERATIONS),
                get(Schema.MODEL_REG_PARAM),
                (get(Schema.MODEL_SEED)).longValue());
    }
}
