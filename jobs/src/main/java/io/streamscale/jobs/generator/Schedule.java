package io.streamscale.jobs.generator;

/**
 * A node's open-loop schedule: message j (0-based, over all of the node's instances) is due at
 * {@code start + offset(j)}. Without a ramp the messages are evenly spaced at {@code rate}. With a ramp of T the rate
 * rises linearly from 0 to {@code rate} over the first T (R·T/2 messages), so a cold path warms at a load it can take,
 * then stays at {@code rate}: offset(j) = sqrt(2·T·j / R) in the ramp, T/2 + j / R after it. Sends never wait for
 * earlier ones to be acknowledged, so a slow broker shows up as latency, not as a lower offered load (no coordinated
 * omission). The analysis recomputes intended times from the same formula (the orchestrator's GeneratorFigures; a test
 * holds the two together).
 */
public record Schedule(long startNanos, double ratePerSecond, long rampNanos) {
    public Schedule {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0 messages/s, got " + ratePerSecond);
        }
        if (rampNanos < 0) {
            throw new IllegalArgumentException("ramp must be >= 0, got " + rampNanos + " ns");
        }
    }

    /** An even schedule: no ramp. */
    public Schedule(long startNanos, double ratePerSecond) {
        this(startNanos, ratePerSecond, 0);
    }

    /** The nanoTime at which message {@code j} (0-based) is due. */
    public long dueNanos(long j) {
        return startNanos + offsetNanos(j);
    }

    /** Nanoseconds after the start at which message {@code j} is due. */
    public long offsetNanos(long j) {
        double perMessageNanos = 1e9 / ratePerSecond;
        if (j >= ratePerSecond * rampNanos / 2e9) { // after the ramp (or none): evenly spaced
            return Math.round(rampNanos / 2.0 + j * perMessageNanos);
        }
        return Math.round(Math.sqrt(2.0 * rampNanos * j * perMessageNanos));
    }
}
