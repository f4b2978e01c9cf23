package io.streamscale.results;

import io.streamscale.common.Durations;
import java.time.Duration;

/**
 * The measured part of a run, by generator time: {@code [from, to)}. By default the manifest's warm-up is left out;
 * {@link Trim#SEED} drops the first 20% and the last 5% of the load instead, as the seed's analysis did.
 */
public record SteadyState(long fromMicros, long toMicros, String rule) {

    public enum Trim {
        /** after the manifest's {@code warmup}, to the end of the load */
        MANIFEST,
        /** the seed's: the first 20% and the last 5% of the load dropped */
        SEED
    }

    public static SteadyState of(RunInputs in, Trim trim) {
        long start = in.loadStartMicros();
        long end = in.loadEndMicros();
        if (trim == Trim.SEED) {
            long len = end - start;
            return new SteadyState(
                    start + Math.round(len * 0.20),
                    end - Math.round(len * 0.05),
                    "the seed's trim: the first 20% and the last 5% of the load left out");
        }
        long warm = Math.round(in.warmupSeconds() * 1e6);
        return new SteadyState(
                Math.min(end, start + warm),
                end,
                in.warmupSeconds() > 0
                        ? "after the warm-up (" + Durations.format(Duration.ofMillis(warm / 1000))
                                + ") to the end of the load"
                        : "the whole load (no warm-up set)");
    }

    /** The window lies wholly in the steady state. */
    public boolean holds(Window w) {
        return w.startMicros() >= fromMicros && w.endMicros() <= toMicros;
    }

    public double seconds() {
        return (toMicros - fromMicros) / 1e6;
    }
}
