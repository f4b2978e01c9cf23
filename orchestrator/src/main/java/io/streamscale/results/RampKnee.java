package io.streamscale.results;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The online capacity estimate of a run whose rate rose linearly over most of its load ({@code capacity --ramp}): the
 * offered rate from which the event latency stayed above twice its level at low load to the end. Below its capacity the
 * system holds the latency about flat while the rate climbs; past it, each window's messages wait behind the last
 * ones' and the latency climbs. The low-load level is the median of the windowed mean event latency over the first half
 * of the load; the tail is the windows at the end whose mean exceeds {@value #FACTOR} times it, and the rate offered
 * where that tail began is the estimate (it lags the knee by the time the latency takes to double: an estimate, not a
 * verdict). A tail shorter than {@value #MIN_TAIL} windows is no knee: the system kept up to the top rate (the estimate
 * is then "at least" it).
 *
 * @param found       whether a knee was seen
 * @param rate        the estimate: the offered rate where the tail began (the top rate when none was found)
 * @param topRate     the rate the ramp rose to
 * @param fromSeconds seconds from the load's start to the tail's first window (NaN when none)
 * @param tailWindows windows in the tail
 * @param level       the low-load level: the median windowed mean event latency over the load's first half, seconds
 * @param rampSeconds how long the rate rose
 */
public record RampKnee(
        boolean found,
        double rate,
        double topRate,
        double fromSeconds,
        int tailWindows,
        double level,
        double rampSeconds) {
    static final int MIN_TAIL = 3;
    /** How far above its low-load level the latency must stay. */
    static final double FACTOR = 2.0;
    /** A run is a ramp run when its ramp covers at least this share of its load. */
    static final double RAMP_SHARE = 0.5;

    /** The estimate of a ramp run, or empty for a run whose ramp is only its warm-up's start. */
    public static Optional<RampKnee> of(RunInputs in, List<Window> windows) {
        double ramp = in.parameters().path("load").path("ramp").asDouble(0);
        boolean stepped = in.parameters().path("load").path("rampSteps").asInt(0) > 0; // RampSteps judges those
        if (stepped || ramp < RAMP_SHARE * in.loadSeconds() || windows.size() < MIN_TAIL + 2) {
            return Optional.empty();
        }
        double[] t = windows.stream().mapToDouble(Window::t).toArray();
        double[] mean = windows.stream().mapToDouble(w -> w.event().mean()).toArray();
        return Optional.of(of(t, mean, ramp, in.rate()));
    }

    /**
     * @param t    each window's start, seconds from the load's start
     * @param mean each window's mean event latency (NaN: an empty window)
     */
    static RampKnee of(double[] t, double[] mean, double rampSeconds, double topRate) {
        int last = mean.length - 1;
        while (last > 0 && Double.isNaN(mean[last])) {
            last--; // windows after the load: nothing generated in them
        }
        double[] early = Arrays.stream(mean, 0, (last + 1) / 2)
                .filter(m -> !Double.isNaN(m))
                .sorted()
                .toArray();
        double level = early.length == 0 ? Double.NaN : early[early.length / 2];
        int start = last + 1;
        while (start > 0 && mean[start - 1] > FACTOR * level) {
            start--;
        }
        int tail = last + 1 - start;
        if (tail < MIN_TAIL || Double.isNaN(level)) {
            return new RampKnee(false, topRate, topRate, Double.NaN, tail, level, rampSeconds);
        }
        return new RampKnee(true, offered(t[start], topRate, rampSeconds), topRate, t[start], tail, level, rampSeconds);
    }

    /** The rate offered {@code seconds} after the load's start: it rose linearly to the top over the ramp. */
    public double offeredAt(double seconds) {
        return offered(seconds, topRate, rampSeconds);
    }

    private static double offered(double seconds, double topRate, double rampSeconds) {
        return topRate * Math.max(0, Math.min(1.0, seconds / rampSeconds));
    }

    /** One line a person can act on. */
    public String describe() {
        return found
                ? String.format(
                        Locale.ROOT,
                        "about %.0f msg/s: from %.0f s into the ramp (%.0f msg/s offered) the event"
                                + " latency stayed above twice its low-load level in each of the %d windows to the end",
                        rate,
                        fromSeconds,
                        rate,
                        tailWindows)
                : String.format(
                        Locale.ROOT,
                        "at least %.0f msg/s: the latency did not stay above twice its low-load level up to the ramp's top rate",
                        topRate);
    }
}
