package io.streamscale.capacity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the highest offered rate a configuration sustains, from run verdicts: rates grow by {@code growth} from
 * {@code from} until the first probe that is not sustainable (or fall from {@code from} until the first that is), then
 * the bracket is bisected (geometric midpoint: rates span orders of magnitude) until the lowest unsustained rate is
 * within {@code precision} of the highest sustained one. Rates are whole messages per second, so a search replays the
 * same probes and a resumed search finds its finished probes again.
 *
 * <p>An inconclusive probe is repeated once; inconclusive twice counts as not sustained (a capacity claimed must have
 * been seen sustained) and the answer says so. A probe whose latency was too long for its own length to judge while its
 * backlog grew, though not surely ({@link Verdict#TOO_SLOW_TO_JUDGE}), is looked at once more too, and the second look
 * decides; too slow twice counts as not sustained, said the same way (near the knee the scorer settles into short or
 * long micro-batches by chance, so another look can tell: docs/measurements.md). A probe that took the full load while
 * its latency fell (a warm-up backlog draining:
 * {@link Verdict#KEPT_UP}) counts as sustained without a repeat: capacity is the load the system keeps up with; its
 * latency there is part of the answer. One whose backlog stayed flat but whose latency was too long to judge a trend
 * ({@link Verdict#FLAT_BUT_SLOW}) is the edge itself, where one look is a coin toss (docs/measurements.md, capacity
 * searches): it is looked at once more and the second look decides. A probe that fails to run is repeated once; failing twice ends the
 * search with what it has ({@link Status#INCOMPLETE}).
 */
public final class CapacitySearch {
    /**
     * Where to look and when to stop.
     *
     * @param maxLatencySeconds a rate is sustained only when its steady mean event latency is also at most this; null:
     *                          any latency without a continuing rise
     */
    public record Bounds(
            double from,
            double min,
            double max,
            double growth,
            double precision,
            int maxProbes,
            Double maxLatencySeconds) {
        public Bounds {
            if (!(from > 0 && min > 0 && min <= from && from <= max && growth > 1 && precision > 0 && maxProbes >= 1)
                    || (maxLatencySeconds != null && !(maxLatencySeconds > 0))) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "need 0 < min <= from <= max,"
                                + " growth > 1, precision > 0, maxProbes >= 1, maxLatency > 0; got min %s, from %s, max %s, growth %s,"
                                + " precision %s, maxProbes %d, maxLatency %s",
                        min,
                        from,
                        max,
                        growth,
                        precision,
                        maxProbes,
                        maxLatencySeconds));
            }
        }

        public Bounds(double from, double min, double max, double growth, double precision, int maxProbes) {
            this(from, min, max, growth, precision, maxProbes, null);
        }
    }

    public enum Verdict {
        SUSTAINABLE,
        UNSUSTAINABLE,
        INCONCLUSIVE,
        FAILED,
        /**
         * inconclusive because its latency is a large share of the probe's steady state and its backlog grew (though
         * not surely enough to call it unsustainable): looked at once more, and not sustained when the second look is
         * this, inconclusive or unsustainable
         */
        TOO_SLOW_TO_JUDGE,
        /**
         * inconclusive, but the system took the full load and more: its latency fell, a warm-up backlog draining; the
         * rate is sustained (not repeated)
         */
        KEPT_UP,
        /**
         * inconclusive: the backlog stayed flat but the latency was too long for the probe to judge a trend; looked at
         * once more, and sustained when the second look is this, kept up or sustainable
         */
        FLAT_BUT_SLOW;

        /** As summary.json writes verdicts. */
        @JsonValue
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What one probe (a run, or the runs of its repetitions) found at a rate.
     *
     * @param steadyMeanSeconds the steady-state mean event latency of its worst run (the highest of its runs'), or null
     *                          when none measured one: {@code capacity.maxLatency} bounds every repetition, so an
     *                          average of a fast and a slow one cannot pass where the slow one alone would not
     * @param backlogSeconds    the backlog its steady state began with, in seconds of the offered load (the most of its
     *                          runs'), or null when not known: what the warm-up left for the steady state to drain
     * @param measuredRuns      how many of its runs measured a steady mean event latency
     */
    public record Probe(
            long rate,
            Verdict verdict,
            String why,
            Double steadyMeanSeconds,
            Double backlogSeconds,
            int measuredRuns) {}

    /**
     * A steady state that begins with this many seconds of the offered load queued cannot drain it near the knee, where
     * the scorer's margin is a few percent (measured: docs/measurements.md, pair E), so its verdict there is partly chance.
     */
    public static final double COLD_START_BACKLOG_SECONDS = 5;

    /** Runs the configuration at a rate and judges it. */
    public interface Prober {
        Probe probe(long rate);
    }

    public enum Status {
        /** sustained and unsustained rates within the precision */
        FOUND,
        /** the bracket is still wider than the precision: the probe budget ran out */
        PROBES_EXHAUSTED,
        /** sustained at the maximum: the capacity is at least that */
        ABOVE_MAX,
        /** not sustained even at the minimum */
        BELOW_MIN,
        /** a probe failed to run twice */
        INCOMPLETE
    }

    /**
     * @param sustained   the highest rate seen sustained, or null
     * @param unsustained the lowest rate above it seen not sustained, or null
     * @param note        why the answer is less than it looks (inconclusive probes counted as not sustained), or null
     */
    public record Result(Status status, Long sustained, Long unsustained, List<Probe> probes, String note) {
        /** The bracket's width relative to the sustained rate, or null without both ends. */
        public Double relativeWidth() {
            return sustained == null || unsustained == null ? null : (unsustained - sustained) / (double) sustained;
        }
    }

    /**
     * Probes a search needs when no probe is repeated, for a knee anywhere between {@code from} and {@code max}: the
     * steps up to the first unsustained rate (at most to {@code max}), then the halvings of a bracket of ratio
     * {@code growth} down to {@code 1 + precision}; never more than {@code maxProbes}.
     */
    public static int probesAtMost(Bounds b) {
        int up = 1 + (int) Math.ceil(Math.log(b.max() / b.from()) / Math.log(b.growth()));
        int halvings = (int) Math.ceil(Math.log(Math.log(b.growth()) / Math.log(1 + b.precision())) / Math.log(2));
        return Math.min(b.maxProbes(), up + Math.max(0, halvings));
    }

    private final Bounds bounds;
    private final Prober prober;
    private final List<Probe> probes = new ArrayList<>();
    private boolean inconclusiveCounted;
    private boolean tooSlowCounted;
    private boolean keptUpCounted;
    private boolean flatCounted;
    private boolean overLatencyCounted;
    /** The highest rate sustained so far, and the lowest not sustained: null until one is seen. */
    private Long lo;

    private Long hi;

    private CapacitySearch(Bounds bounds, Prober prober) {
        this.bounds = bounds;
        this.prober = prober;
    }

    public static Result run(Bounds bounds, Prober prober) {
        return new CapacitySearch(bounds, prober).search();
    }

    private Result search() {
        long rate = Math.round(bounds.from());
        // bracket: up while sustained, or down while not
        Boolean first = null;
        while (true) {
            Boolean ok = judge(rate);
            if (ok == null) {
                return result(Status.INCOMPLETE);
            }
            if (first == null) {
                first = ok;
            }
            if (ok != first) {
                break; // bracketed
            }
            if (ok && rate >= Math.round(bounds.max())) {
                return result(Status.ABOVE_MAX);
            }
            if (!ok && rate <= Math.round(bounds.min())) {
                return result(Status.BELOW_MIN);
            }
            if (budgetSpent()) {
                return result(Status.PROBES_EXHAUSTED);
            }
            rate = ok
                    ? Math.min(Math.round(rate * bounds.growth()), Math.round(bounds.max()))
                    : Math.max(Math.round(rate / bounds.growth()), Math.round(bounds.min()));
        }
        while ((hi - lo) / (double) lo > bounds.precision()) {
            long mid = Math.round(Math.sqrt((double) lo * hi));
            if (mid <= lo || mid >= hi) {
                break; // whole messages per second: nothing between them
            }
            if (budgetSpent()) {
                return result(Status.PROBES_EXHAUSTED);
            }
            if (judge(mid) == null) {
                return result(Status.INCOMPLETE);
            }
        }
        return result(Status.FOUND);
    }

    private boolean budgetSpent() {
        return probes.size() >= bounds.maxProbes();
    }

    /**
     * Probes a rate (twice when the first look cannot tell) and moves the bracket's end.
     *
     * @return true: sustained; false: not (unsustainable, or inconclusive twice); null: it failed to run twice
     */
    private Boolean judge(long rate) {
        Probe p = prober.probe(rate);
        probes.add(p);
        if ((p.verdict() == Verdict.INCONCLUSIVE
                        || p.verdict() == Verdict.FAILED
                        || p.verdict() == Verdict.FLAT_BUT_SLOW
                        || p.verdict() == Verdict.TOO_SLOW_TO_JUDGE)
                && !budgetSpent()) {
            p = prober.probe(rate); // once more: noise, the edge, or a run that did not start
            probes.add(p);
        }
        Boolean ok = switch (p.verdict()) {
            case SUSTAINABLE -> true;
            case KEPT_UP -> {
                keptUpCounted = true;
                yield true;
            }
            case FLAT_BUT_SLOW -> {
                flatCounted = true;
                yield true;
            }
            case UNSUSTAINABLE -> false;
            case INCONCLUSIVE -> {
                inconclusiveCounted = true;
                yield false;
            }
            case TOO_SLOW_TO_JUDGE -> {
                tooSlowCounted = true;
                yield false;
            }
            case FAILED -> null;
        };
        if (Boolean.TRUE.equals(ok) && overLatencyBound(p)) {
            overLatencyCounted = true;
            ok = false; // kept up with, but slower than asked
        }
        if (Boolean.TRUE.equals(ok)) {
            lo = rate;
        } else if (Boolean.FALSE.equals(ok)) {
            hi = rate;
        }
        return ok;
    }

    private boolean overLatencyBound(Probe p) {
        return bounds.maxLatencySeconds() != null
                && p.steadyMeanSeconds() != null
                && p.steadyMeanSeconds() > bounds.maxLatencySeconds();
    }

    private Result result(Status status) {
        List<String> notes = new ArrayList<>();
        if (overLatencyCounted) {
            notes.add(String.format(
                    Locale.ROOT,
                    "a rate kept up with at more than %s s mean event latency"
                            + " (capacity.maxLatency) in any of its repetitions counts as not sustained",
                    fmt(bounds.maxLatencySeconds())));
        }
        if (inconclusiveCounted) {
            notes.add("a rate inconclusive twice counts as not sustained: the capacity may be higher than found");
        }
        if (keptUpCounted) {
            notes.add(
                    "a rate whose latency was still falling (a warm-up backlog draining while it took the full load) counts"
                            + " as sustained");
        }
        if (flatCounted) {
            notes.add(
                    "a rate taken without the backlog growing, its latency too long for the probe to judge a trend, counts"
                            + " as sustained (seen so on a second look, or once when the probe budget allowed no second)");
        }
        if (tooSlowCounted) {
            notes.add(
                    "a rate whose latency was too long for the probe to judge counts as not sustained (longer probes could"
                            + " sustain it at that latency)");
        }
        coldStart().ifPresent(notes::add);
        return new Result(status, lo, hi, List.copyOf(probes), notes.isEmpty() ? null : String.join("; ", notes));
    }

    /** Says so when the probes that decided the bracket began their steady state with much of the load still queued. */
    private Optional<String> coldStart() {
        List<String> ends = new ArrayList<>();
        for (Long end : new Long[] {lo, hi}) {
            if (end == null) {
                continue;
            }
            // the look that decided: the last probe at that rate
            probes.stream()
                    .filter(p -> p.rate() == end)
                    .reduce((a, b) -> b)
                    .filter(p -> p.backlogSeconds() != null && p.backlogSeconds() >= COLD_START_BACKLOG_SECONDS)
                    .ifPresent(p ->
                            ends.add(String.format(Locale.ROOT, "%d msg/s with %.1f s", p.rate(), p.backlogSeconds())));
        }
        return ends.isEmpty()
                ? Optional.empty()
                : Optional.of("the warm-up left a backlog the steady state"
                        + " began with (" + String.join(", ", ends)
                        + " of the load queued): near the knee a steady state cannot drain that,"
                        + " so which side of the bracket a rate lands on is partly chance; a longer warm-up (capacity probes' warmup)"
                        + " judges the knee better");
    }

    private static String fmt(double seconds) {
        return new BigDecimal(seconds)
                .round(new MathContext(3))
                .stripTrailingZeros()
                .toPlainString();
    }
}
