package io.streamscale.jobs.scorer;

import java.util.Locale;

/**
 * How the scorer runs: a Spark job per trigger (micro-batch, the seed's) or Spark's real-time mode (long-running tasks
 * score each row as it arrives). The orchestrator's setting ({@code spark.processing}) and the scorer's option are this.
 */
public enum Processing {
    MICROBATCH,
    REALTIME;

    /** As the manifest and the command lines write it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
