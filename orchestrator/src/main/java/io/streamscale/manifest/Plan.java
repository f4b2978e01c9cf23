package io.streamscale.manifest;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a set of cells costs before it runs: every run takes its warm-up and duration plus its overhead, estimated per
 * phase ({@link PhaseEstimates}), on all of its nodes; the first run of each model trains it (later runs reuse it).
 */
public final class Plan {
    private Plan() {
    }

    /** A run's time with its model in the cache (or given). */
    public static Duration runTime(Cell c) {
        return runTime(c, false);
    }

    /** @param trains whether this run must train its model first */
    public static Duration runTime(Cell c, boolean trains) {
        PhaseEstimates e = PhaseEstimates.of(c);
        return c.warmup().plus(c.duration()).plus(e.total()).plus(trains ? e.training() : Duration.ZERO);
    }

    /** The cells run one after another; the first run of each model trains it (as when the model cache is empty). */
    public static Duration walltime(List<Cell> cells) {
        Set<Object> trained = new HashSet<>();
        return cells.stream().map(c -> runTime(c, trains(c, trained))).reduce(Duration.ZERO, Duration::plus);
    }

    public static double nodeHours(List<Cell> cells) {
        Set<Object> trained = new HashSet<>();
        return cells.stream().mapToDouble(c -> c.nodeCount() * runTime(c, trains(c, trained)).toSeconds() / 3600.0).sum();
    }

    private static boolean trains(Cell c, Set<Object> trained) {
        return c.value("model.path") == null && trained.add(c.modelSpec());
    }
}
