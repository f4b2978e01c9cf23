package io.streamscale.results;

import java.util.Locale;

/**
 * Whether a run's steady state kept up with its load (summary.json {@code steadyState.verdict}): sustainable (no
 * continuing rise of event latency), unsustainable, inconclusive (with why) when the run cannot tell, or invalid when
 * the run does not measure what it was asked to.
 */
public enum Verdict {
    SUSTAINABLE,
    UNSUSTAINABLE,
    INCONCLUSIVE,
    /** The run was not offered its planned load, or its steady state was not measured: no verdict on the system. */
    INVALID;

    /** As summary.json, index.csv and the report write it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verdict a summary holds, or null when it holds none. */
    public static Verdict of(String text) {
        for (Verdict v : values()) {
            if (v.toString().equals(text)) {
                return v;
            }
        }
        return null;
    }
}
