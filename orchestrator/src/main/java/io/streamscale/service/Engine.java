package io.streamscale.service;

import java.util.Locale;

/**
 * The stream processor that scores the run ({@code engine}): Spark (standalone master and workers, the seed's) or Flink
 * (a standalone session cluster: a JobManager where Spark's master goes, a TaskManager on each compute node). Kafka,
 * the load, the faults and the analysis are the same for both.
 */
public enum Engine {
    SPARK,
    FLINK;

    /** As the manifest and the command lines write it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
