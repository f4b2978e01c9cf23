package io.streamscale.manifest;

import io.streamscale.service.KafkaMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One run of a manifest: an experiment, one combination of its matrix, one repetition. {@code name} identifies the
 * combination ({@code k3s2_5Mper10m}); results go to {@code results/<experiment>/<name>/rep-<repetition>/}.
 */
public record Cell(String experiment, String name, int repetition, int repetitions, Map<String, Located> settings) {

    /** EXPERIMENT/CELL/rep-N: how logs, `plan`, `run --only` and `submit` name one run. */
    public String label() {
        return experiment + "/" + name + "/rep-" + repetition;
    }

    public Object value(String path) {
        return settings.get(path).value();
    }

    /** {@code nodes} is always a validated [kafka, spark] pair of positive integers. */
    @SuppressWarnings("unchecked")
    private List<Integer> nodes() {
        return (List<Integer>) value("nodes");
    }

    public int kafkaNodes() {
        return nodes().get(0);
    }

    public int sparkNodes() {
        return nodes().get(1);
    }

    public int generatorNodes() {
        return (Integer) value("generators.nodes");
    }

    public KafkaMode kafkaMode() {
        return KafkaMode.parse((String) value("kafka.mode"));
    }

    /** Whether the run's Kafka and ZooKeeper require its credentials: kafka.auth scram, or auto off the local backend. */
    public boolean kafkaAuth() {
        String a = (String) value("kafka.auth");
        return "scram".equals(a) || "auto".equals(a) && !"local".equals(value("scheduler.backend"));
    }

    public int zookeeperNodes() {
        return kafkaMode() == KafkaMode.KRAFT ? 0 : (Integer) value("kafka.zookeeperNodes");
    }

    /** The faults to inject, each with where it was written. */
    @SuppressWarnings("unchecked")
    public List<Located> locatedFaults() {
        return (List<Located>) value("faults");
    }

    public List<io.streamscale.fault.FaultSpec> faults() {
        return locatedFaults().stream().map(l -> (io.streamscale.fault.FaultSpec) l.value()).toList();
    }

    /** Whether the Spark master and driver get a node of their own. */
    public boolean ownMaster() {
        return "own".equals(value("spark.master"));
    }

    /** Kafka + Spark + generator nodes (+ 1 for a Spark master on its own). */
    public int nodeCount() {
        return io.streamscale.topology.Layout.nodesNeeded(kafkaNodes(), sparkNodes(), generatorNodes(), ownMaster());
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

    /**
     * The cell's configuration, everything but its load: its name less the load's part ({@code k3s2_5Mper10m} →
     * {@code k3s2}); cells that differ only in load share it.
     */
    public String configuration() {
        String load = Cells.slug(settings.get("load").text());
        List<String> parts = new java.util.ArrayList<>(List.of(name.split("_")));
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
        Map<String, Located> s = new java.util.HashMap<>(settings);
        s.put("load", new Located((double) rate, rate + "/s", was.line(), was.column()));
        return new Cell(experiment, configuration() + "_" + rate + "ps", repetition, repetitions, Map.copyOf(s));
    }

    /** What determines the cell's model (every cell with the same one shares it). */
    public io.streamscale.model.ModelSpec modelSpec() {
        return new io.streamscale.model.ModelSpec((String) value("model.ratings"), (Integer) value("model.rank"),
                (Integer) value("model.iterations"), (Double) value("model.regParam"), ((Integer) value("model.seed")).longValue());
    }

}
