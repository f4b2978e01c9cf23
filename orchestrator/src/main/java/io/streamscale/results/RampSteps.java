package io.streamscale.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The online capacity estimate of a run whose rate rose in steps ({@code capacity --ramp --ramp-steps S}): each step
 * holds rate·k/S for ramp/S, a probe at its rate. A step is kept up with when, over its last two thirds (the first third
 * lets the last step's backlog and latency settle), Spark wrote no less than the generators offered by more than a
 * probe's verdict lets the backlog grow ({@link Sustainability.Thresholds#maxBacklogGrowth}, 1% of the offered rate by
 * default: the backlog grows by input − output, so {@code 1 − output/input} of the windows whose midpoint falls there,
 * output by processed time, is its growth as a fraction of the offered rate); its mean event latency is recorded
 * beside it. A step with no such window is not judged (it neither counts for nor
 * against). The estimate is the highest step kept up with before the first that was not, bracketed by that one; none
 * failed: at least the top rate; the first failed: below the first step's rate. Simpler than a probe's verdict
 * ({@link Sustainability}: a trend over a steady state needs longer than a step): it asks only whether the system took
 * the step's load, as a capacity search counts a probe that kept up, by the same limit but without the probe's test
 * that a trend stands out of the noise; the latency there is in the answer.
 *
 * @param steps    each step, in order
 * @param found    whether a step was not kept up with
 * @param rate     the estimate: the highest step kept up with before the first that was not (0 when the first was not;
 *                 the top rate when none failed)
 * @param above    the first step not kept up with (NaN when none)
 * @param topRate  the rate the ramp rose to
 * @param maxDeficit the most a step's output may fall short of its input, as a fraction of it, and still be kept up with
 */
public record RampSteps(List<Step> steps, boolean found, double rate, double above, double topRate, double maxDeficit) {

    /**
     * @param rate        the step's offered rate
     * @param fromSeconds the step's start, seconds from the load's start
     * @param latency     mean event latency over its judged windows (NaN: no rows)
     * @param deficit     {@code 1 − output/input} over its judged windows (negative: it drained an earlier backlog)
     */
    public record Step(
            double rate,
            double fromSeconds,
            double toSeconds,
            double latency,
            double deficit,
            boolean judged,
            boolean keptUp) {
        boolean failed() {
            return judged && !keptUp;
        }
    }

    /** The steps of a stepped ramp run judged with a probe's backlog limit ({@code t}), or empty for any other run. */
    public static Optional<RampSteps> of(RunInputs in, List<Window> windows, Sustainability.Thresholds t) {
        int steps = in.parameters().path("load").path("rampSteps").asInt(0);
        double ramp = in.parameters().path("load").path("ramp").asDouble(0);
        if (steps < 1 || ramp < RampKnee.RAMP_SHARE * in.loadSeconds()) {
            return Optional.empty();
        }
        return Optional.of(of(windows, steps, ramp, in.rate(), t.maxBacklogGrowth()));
    }

    static RampSteps of(List<Window> windows, int steps, double rampSeconds, double topRate, double maxDeficit) {
        double d = rampSeconds / steps;
        List<Step> out = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            double from = k * d;
            double judgedFrom = from + d / 3;
            double to = from + d;
            double in = 0;
            double outRows = 0;
            double latencySum = 0;
            long rows = 0;
            for (Window w : windows) {
                double mid = w.t() + w.seconds() / 2;
                if (mid < judgedFrom || mid >= to) {
                    continue;
                }
                in += w.inputPerSecond() * w.seconds();
                outRows += w.outputPerSecond() * w.seconds();
                if (w.rows() > 0 && !Double.isNaN(w.event().mean())) {
                    latencySum += w.event().mean() * w.rows();
                    rows += w.rows();
                }
            }
            double deficit = in > 0 ? 1 - outRows / in : Double.NaN;
            boolean judged = in > 0;
            boolean keptUp = judged && deficit <= maxDeficit;
            out.add(new Step(
                    topRate * (k + 1) / steps,
                    from,
                    to,
                    rows > 0 ? latencySum / rows : Double.NaN,
                    deficit,
                    judged,
                    keptUp));
        }
        int firstFailed = -1;
        for (int k = 0; k < out.size() && firstFailed < 0; k++) {
            if (out.get(k).failed()) {
                firstFailed = k;
            }
        }
        if (firstFailed < 0) {
            return new RampSteps(out, false, topRate, Double.NaN, topRate, maxDeficit);
        }
        double below = 0;
        for (int k = 0; k < firstFailed; k++) {
            if (out.get(k).keptUp()) {
                below = out.get(k).rate();
            }
        }
        return new RampSteps(out, true, below, out.get(firstFailed).rate(), topRate, maxDeficit);
    }

    /** The rate offered {@code seconds} after the load's start: the step it falls in, the top after the ramp. */
    public double offeredAt(double seconds) {
        for (Step s : steps) {
            if (seconds >= s.fromSeconds() && seconds < s.toSeconds()) {
                return s.rate();
            }
        }
        return seconds < 0 ? 0 : topRate;
    }

    /** How the estimate was made, as summary.json's {@code rampKnee.rule} says it. */
    public String rule() {
        return "the highest step before the first not kept up with: over a step's last two thirds Spark wrote more than "
                + WindowsCsv.num(maxDeficit * 100)
                + "% less than was offered, its backlog growing faster than a probe's verdict"
                + " allows (the same limit, without the verdict's test that the growth stands out of the noise)";
    }

    /** One line a person can act on. */
    public String describe() {
        if (!found) {
            return String.format(
                    Locale.ROOT, "at least %.0f msg/s: every step up to the top was kept up with", topRate);
        }
        if (rate == 0) {
            return String.format(Locale.ROOT, "below %.0f msg/s: the first step judged was not kept up with", above);
        }
        return String.format(
                Locale.ROOT,
                "about %.0f msg/s: kept up with every step to %.0f msg/s, not with %.0f msg/s",
                rate,
                rate,
                above);
    }
}
