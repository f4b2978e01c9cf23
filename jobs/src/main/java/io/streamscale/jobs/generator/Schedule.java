package io.streamscale.jobs.generator;

/**
 * An even open-loop schedule: message i is due at {@code start + i / rate}. Sends never wait for earlier ones to be
 * acknowledged, so a slow broker shows up as latency, not as a lower offered load (no coordinated omission).
 */
public record Schedule(long startNanos, double ratePerSecond) {
    public Schedule {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0 messages/s, got " + ratePerSecond);
        }
    }

    /** The nanoTime at which message {@code i} (0-based) is due. */
    public long dueNanos(long i) {
        return startNanos + Math.round(i * (1e9 / ratePerSecond));
    }

    /** Nanoseconds after the start at which message {@code i} is due. */
    public long offsetNanos(long i) {
        return dueNanos(i) - startNanos;
    }
}
