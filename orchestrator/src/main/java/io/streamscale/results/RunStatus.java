package io.streamscale.results;

import java.util.Locale;

/** What became of a run (run.json {@code status}): only a complete run is analysed in full and counts in a study. */
public enum RunStatus {
    /** Under way, or ended without a word (the orchestrator was killed): not complete. */
    RUNNING,
    COMPLETE,
    FAILED,
    INTERRUPTED;

    /** As run.json and index.csv write it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status run.json holds, or null when it holds none this version knows (an unreadable or older file). */
    public static RunStatus of(String text) {
        for (RunStatus s : values()) {
            if (s.toString().equals(text)) {
                return s;
            }
        }
        return null;
    }
}
