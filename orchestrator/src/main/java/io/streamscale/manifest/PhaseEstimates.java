package io.streamscale.manifest;

import io.streamscale.scheduler.Backend;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run costs besides its warm-up and load, phase by phase (the phases run.json's {@code phaseSeconds} records),
 * as measured by {@code bench/overhead.sh} on the 2-core machine with the default 1x1 run and the model in the cache;
 * {@code training} is what a run that must train its model waits on top (the trainer runs while the cluster starts).
 * docs/measurements.md has the measurements. {@code plan} and the walltime checks use these.
 *
 * @param site   which measurement: this machine's processes, or nodes reached over SSH
 * @param source where the figures come from
 * @param phases seconds per phase; {@code model} is installing a cached model on the nodes, {@code load} the load phase
 *               beyond the load's own length (generator start and end), {@code other} what lies outside the phases
 *               (the command's JVM, the scheduler granting the job, the report)
 */
public record PhaseEstimates(String site, String source, Map<String, Duration> phases, Duration training) {

    public static final PhaseEstimates LOCAL = new PhaseEstimates(
            "local",
            "bench/overhead.sh: local 1x1 default run on the 2-core machine, model cached",
            phases(
                    /*placement*/ 1, /*cluster*/
                    12, /*model*/
                    1, /*topic*/
                    1, /*scorer*/
                    45, /*load*/
                    5, /*drain*/
                    5,
                    /*teardown*/ 4, /*summary*/
                    1, /*other*/
                    5),
            Duration.ofSeconds(45));

    /**
     * Over SSH on the 3 nodes of a 1x1 run: each phase's straight line through bench/scale.sh's runs at 1x1, 2x2, 4x4
     * and 8x8, at 3 nodes; {@link #nodes(int)} extends it by the lines' slopes. {@code other} (the command's JVM and
     * printing, the SLURM grant) and the training are from SITE=slurm bench/overhead.sh's earlier runs.
     */
    public static final PhaseEstimates NODES = new PhaseEstimates(
            "nodes over SSH",
            "bench/scale.sh: 1x1, 2x2, 4x4 and 8x8 runs over SSH on the emulated SLURM cluster (2-core machine, runtime"
                    + " and model shipped, model cached), each phase a straight line in the node count",
            phases(7.2, 9.9, 0.5, 0.2, 22.5, 2.3, 1.6, 8.2, 1.0, 5),
            Duration.ofSeconds(90));

    private static Map<String, Duration> phases(
            double placement,
            double cluster,
            double model,
            double topic,
            double scorer,
            double load,
            double drain,
            double teardown,
            double summary,
            double other) {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("placement", seconds(placement));
        m.put("cluster", seconds(cluster));
        m.put("model", seconds(model));
        m.put("topic", seconds(topic));
        m.put("scorer", seconds(scorer));
        m.put("load", seconds(load));
        m.put("drain", seconds(drain));
        m.put("teardown", seconds(teardown));
        m.put("summary", seconds(summary));
        m.put("other", seconds(other));
        return Collections.unmodifiableMap(m);
    }

    /** The node count {@link #NODES} was measured with: 1x1 and its generator node. */
    static final int NODES_MEASURED_AT = 3;

    /**
     * Seconds each phase adds over SSH per node beyond {@link #NODES_MEASURED_AT}: the slopes of straight lines through
     * bench/scale.sh's whole runs at 1x1, 2x2, 4x4 and 8x8 (3 to 17 emulated nodes on the 2-core machine, where every
     * node's daemons share its two cores: on nodes of their own the phases grow less, so these are upper bounds).
     * docs/measurements.md#scale has the runs.
     * Phases not listed do not grow with the node count.
     */
    static final Map<String, Double> NODES_PER_NODE = Map.of(
            "placement", 0.27,
            "cluster", 2.59,
            "model", 0.13,
            "topic", 0.10,
            "scorer", 5.89,
            "load", 0.33,
            "drain", 0.19,
            "teardown", 1.34);

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /** The estimates for where {@code c} runs: over SSH, for its node count. */
    public static PhaseEstimates of(Cell c) {
        return c.get(Schema.SCHEDULER_BACKEND) == Backend.LOCAL ? LOCAL : nodes(c.nodeCount());
    }

    /** Over SSH on {@code count} nodes: {@link #NODES} and, beyond the nodes it was measured on, each phase's slope. */
    public static PhaseEstimates nodes(int count) {
        if (count <= NODES_MEASURED_AT) {
            return NODES;
        }
        Map<String, Duration> m = new LinkedHashMap<>();
        NODES.phases()
                .forEach((phase, d) -> m.put(
                        phase,
                        d.plusMillis(Math.round(
                                NODES_PER_NODE.getOrDefault(phase, 0.0) * (count - NODES_MEASURED_AT) * 1000))));
        return new PhaseEstimates(
                NODES.site() + ", " + count + " nodes",
                NODES.source(),
                Collections.unmodifiableMap(m),
                NODES.training());
    }

    /** The overhead of a run whose model is cached (or given), its scorer warmed with the default message count. */
    public Duration total() {
        return phases.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** The scorer's warm-up messages the phase estimates include (spark.warmupMessages' default). */
    static final long WARMUP_MESSAGES_MEASURED = 20_000;

    /**
     * Messages a second the scorer's own warm-up sends and scores beyond those: 2 000 000 made the scorer's phase 34 s
     * longer than 20 000 (local 1x1 at 200 000 msg/s, 2026-12-03, run.json phaseSeconds 57.3 s against 23.1 s).
     */
    static final double WARMUP_MESSAGES_PER_SECOND = 58_000;

    /** The overhead of a run of {@code c} whose model is cached (or given): {@link #total()} and its scorer's warm-up. */
    public Duration overhead(Cell c) {
        long extra = Math.max(0, (c.get(Schema.SPARK_WARMUP_MESSAGES)).longValue() - WARMUP_MESSAGES_MEASURED);
        return total().plus(Duration.ofMillis(Math.round(extra * 1000 / WARMUP_MESSAGES_PER_SECOND)));
    }
}
