package io.streamscale.jobs.flink;

import java.time.Instant;

/** The wall clock in epoch microseconds, as every timestamp column holds it. */
final class Micros {
    private Micros() {}

    static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
