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

    public static final PhaseEstimates NODES = new PhaseEstimates(
            "nodes over SSH",
            "SITE=slurm bench/overhead.sh: 1x1 default run on the emulated SLURM cluster (2-core machine, runtime and model"
                    + " shipped, model cached)",
            phases(10, 40, 5, 1, 55, 12, 5, 35, 2, 15),
            Duration.ofSeconds(90));

    private static Map<String, Duration> phases(
            int placement,
            int cluster,
            int model,
            int topic,
            int scorer,
            int load,
            int drain,
            int teardown,
            int summary,
            int other) {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("placement", Duration.ofSeconds(placement));
        m.put("cluster", Duration.ofSeconds(cluster));
        m.put("model", Duration.ofSeconds(model));
        m.put("topic", Duration.ofSeconds(topic));
        m.put("scorer", Duration.ofSeconds(scorer));
        m.put("load", Duration.ofSeconds(load));
        m.put("drain", Duration.ofSeconds(drain));
        m.put("teardown", Duration.ofSeconds(teardown));
        m.put("summary", Duration.ofSeconds(summary));
        m.put("other", Duration.ofSeconds(other));
        return Collections.unmodifiableMap(m);
    }

    /** The estimates for where {@code c} runs. */
    public static PhaseEstimates of(Cell c) {
        return c.get(Schema.SCHEDULER_BACKEND) == Backend.LOCAL ? LOCAL : NODES;
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
