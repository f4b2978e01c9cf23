package io.streamscale.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How long each phase of a run took (placement, cluster, model, topic, scorer, load, drain, teardown, summary), for
 * run.json and for `plan`'s estimates. Phases follow one another: starting one ends the one before.
 */
final class Phases {
    private final LongSupplier nanos;
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private String current;
    private long since;

    Phases(LongSupplier nanos) {
        this.nanos = nanos;
    }

    synchronized void start(String phase) {
        end();
        current = phase;
        since = nanos.getAsLong();
    }

    /** Ends the current phase, if any. */
    synchronized void end() {
        if (current != null) {
            seconds.merge(current, (nanos.getAsLong() - since) / 1e9, Double::sum);
            current = null;
        }
    }

    /** Seconds per finished phase, in the order they ran (a phase run twice counts once, with both durations). */
    synchronized Map<String, Double> seconds() {
        return new LinkedHashMap<>(seconds);
    }
}
