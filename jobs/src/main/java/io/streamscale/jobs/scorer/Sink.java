package io.streamscale.jobs.scorer;

import java.util.Locale;

/**
 * Where scored rows go: Parquet files (readable when their micro-batch or epoch commits) or an output Kafka topic
 * (readable at once). The orchestrator's setting ({@code spark.sink}) and the scorer's option are this.
 */
public enum Sink {
    PARQUET,
    KAFKA;

    /** As the manifest and the command lines write it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
