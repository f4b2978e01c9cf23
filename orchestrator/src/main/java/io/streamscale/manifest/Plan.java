package io.streamscale.manifest;

import io.streamscale.common.Durations;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a set of cells costs before it runs: every run takes its warm-up and duration plus its overhead, estimated per
 * phase ({@link PhaseEstimates}), on all of its nodes; the first run of each model trains it (later runs reuse it).
 */
public final class Plan {
    private Plan() {}

    /** A run's time with its model in the cache (or given). */
    public static Duration runTime(Cell c) {
        return runTime(c, false);
    }

    /** @param trains whether this run must train its model first */
    public static Duration runTime(Cell c, boolean trains) {
        PhaseEstimates e = PhaseEstimates.of(c);
        return c.warmup().plus(c.duration()).plus(e.overhead(c)).plus(trains ? e.training() : Duration.ZERO);
    }

    /** The cells run one after another; the first run of each model trains it (as when the model cache is empty). */
    public static Duration walltime(List<Cell> cells) {
        Set<Object> trained = new HashSet<>();
        return cells.stream().map(c -> runTime(c, trains(c, trained))).reduce(Duration.ZERO, Duration::plus);
    }

    public static double nodeHours(List<Cell> cells) {
        Set<Object> trained = new HashSet<>();
        return cells.stream()
                .mapToDouble(c -> c.nodeCount() * runTime(c, trains(c, trained)).toSeconds() / 3600.0)
                .sum();
    }

    /**
     * What a run asks of its own reservation (scheduler.reservation: per-run), sized from its estimated time, and
     * checked against {@code scheduler.walltime}, the longest reservation the site gives (DAS-5 in daytime: 15 min).
     *
     * @param length        the reservation's length: the run, its training if it trains here, and the teardown margin,
     *                      rounded up to whole minutes
     * @param limit         scheduler.walltime
     * @param trainingFirst when the run and its model's training do not fit together but the run alone does: the length
     *                      of a one-node reservation that trains the model first (null otherwise)
     * @param misfit        why no reservation of at most {@code limit} holds the run, or null when one does
     */
    public record Reservation(Duration length, Duration limit, Duration trainingFirst, String misfit) {
        public boolean fits() {
            return misfit == null;
        }
    }

    /**
     * Time from a reservation's start to its run's start (the scheduler polled, the grant seen, the end time read):
     * without it a reservation sized to the run leaves a few seconds less than the run needs.
     */
    public static final Duration START_ALLOWANCE = Duration.ofSeconds(30);

    /** @param trains whether the run's model still has to be trained (not in the cache, not given) */
    public static Reservation perRun(Cell c, boolean trains) {
        Duration margin = (c.get(Schema.SCHEDULER_TEARDOWN_MARGIN)).plus(START_ALLOWANCE);
        Duration limit = c.get(Schema.SCHEDULER_WALLTIME);
        PhaseEstimates e = PhaseEstimates.of(c);
        Duration together = wholeMinutes(runTime(c, trains).plus(margin));
        if (together.compareTo(limit) <= 0) {
            return new Reservation(together, limit, null, null);
        }
        Duration alone = wholeMinutes(runTime(c, false).plus(margin));
        if (trains && alone.compareTo(limit) <= 0) {
            // the trainer alone: its own start (placement, the JVM) and the training, which in a run overlaps the
            // cluster start
            Duration training = wholeMinutes(e.phases()
                    .get("placement")
                    .plus(e.phases().get("other"))
                    .plus(e.phases().get("cluster"))
                    .plus(e.training())
                    .plus(margin));
            return new Reservation(alone, limit, training, null);
        }
        return new Reservation(
                alone,
                limit,
                null,
                String.format(
                        Locale.ROOT,
                        "a run of %s needs a reservation of %s (warm-up %s + load %s + overhead %s + start allowance %s + teardown"
                                + " margin %s, in whole minutes), more than scheduler.walltime %s: raise scheduler.walltime, shorten"
                                + " warmup or duration, or lower scheduler.teardownMargin",
                        c.experiment() + "/" + c.name(),
                        Durations.format(alone),
                        Durations.format(c.warmup()),
                        Durations.format(c.duration()),
                        Durations.format(e.overhead(c)),
                        Durations.format(START_ALLOWANCE),
                        Durations.format(margin.minus(START_ALLOWANCE)),
                        Durations.format(limit)));
    }

    private static Duration wholeMinutes(Duration d) {
        return Duration.ofMinutes((d.toSeconds() + 59) / 60);
    }

    /** For each cell, whether it trains its model when the cells run in order and the cache starts as {@code cached} says. */
    public static List<Boolean> trainsInOrder(List<Cell> cells, Predicate<Cell> cached) {
        Set<Object> trained = new HashSet<>();
        return cells.stream().map(c -> !cached.test(c) && trains(c, trained)).toList();
    }

    private static boolean trains(Cell c, Set<Object> trained) {
        return c.get(Schema.MODEL_PATH) == null && trained.add(c.modelSpec());
    }
}
