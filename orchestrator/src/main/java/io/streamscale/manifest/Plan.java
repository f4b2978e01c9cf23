package io.streamscale.manifest;

import java.time.Duration;
import java.util.List;

/**
 * What a set of cells costs before it runs: every run takes its warm-up and duration plus a fixed overhead (start,
 * training, drain, teardown, summary), on all of its nodes.
 */
public final class Plan {
    /** Measured on the local 1x1 pipeline: start, model, scorer warm-up, drain, teardown and summary. */
    public static final Duration OVERHEAD_PER_RUN = Duration.ofMinutes(3);

    private Plan() {
    }

    public static Duration runTime(Cell c) {
        return c.warmup().plus(c.duration()).plus(OVERHEAD_PER_RUN);
    }

    public static Duration walltime(List<Cell> cells) {
        return cells.stream().map(Plan::runTime).reduce(Duration.ZERO, Duration::plus);
    }

    public static double nodeHours(List<Cell> cells) {
        return cells.stream().mapToDouble(c -> c.nodeCount() * runTime(c).toSeconds() / 3600.0).sum();
    }
}
