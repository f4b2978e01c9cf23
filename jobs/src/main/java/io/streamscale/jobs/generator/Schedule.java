package io.streamscale.jobs.generator;

/**
 * A node's open-loop schedule: message j (0-based, over all of the node's instances) is due at
 * {@code start + offset(j)}. Without a ramp the messages are evenly spaced at {@code rate}. With a ramp of T the rate
 * rises from 0 to {@code rate} over the first T, then stays at {@code rate}:
 * <ul>
 *   <li>linearly ({@code rampSteps} 0; R·T/2 messages), so a cold path warms at a load it can take:
 *       offset(j) = sqrt(2·T·j / R) in the ramp, T/2 + j / R after it;</li>
 *   <li>in S equal steps ({@code rampSteps} S): step k (0-based) holds R·(k+1)/S for T/S, m·(k+1) messages with
 *       m = R·T/S², evenly spaced; each step is a probe at its rate ({@code capacity --ramp}).</li>
 * </ul>
 * Sends never wait for earlier ones to be acknowledged, so a slow broker shows up as latency, not as a lower offered
 * load (no coordinated omission). The analysis recomputes intended times with this class (the orchestrator's
 * GeneratorFigures), so there is one formula.
 */
public record Schedule(long startNanos, double ratePerSecond, long rampNanos, int rampSteps) {
    public Schedule {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0 messages/s, got " + ratePerSecond);
        }
        if (rampNanos < 0) {
            throw new IllegalArgumentException("ramp must be >= 0, got " + rampNanos + " ns");
        }
        if (rampSteps < 0) {
            throw new IllegalArgumentException("ramp steps must be >= 0 (0: linear), got " + rampSteps);
        }
    }

    /** A linear ramp (or none). */
    public Schedule(long startNanos, double ratePerSecond, long rampNanos) {
        this(startNanos, ratePerSecond, rampNanos, 0);
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
        if (rampSteps > 0 && rampNanos > 0) {
            return stepped(j, perMessageNanos);
        }
        if (j >= ratePerSecond * rampNanos / 2e9) { // after the ramp (or none): evenly spaced
            return Math.round(rampNanos / 2.0 + j * perMessageNanos);
        }
        return Math.round(Math.sqrt(2.0 * rampNanos * j * perMessageNanos));
    }

    private long stepped(long j, double perMessageNanos) {
        double stepNanos = (double) rampNanos / rampSteps;
        double m = ratePerSecond * stepNanos / (rampSteps * 1e9); // messages of the first step; step k has m·(k+1)
        double inRamp = m * rampSteps * (rampSteps + 1) / 2.0;
        if (j >= inRamp) {
            return Math.round(rampNanos + (j - inRamp) * perMessageNanos);
        }
        int k = (int) Math.floor((Math.sqrt(8.0 * j / m + 1) - 1) / 2); // the step whose messages include j
        while (k > 0 && m * k * (k + 1) / 2.0 > j) {
            k--;
        }
        while (k < rampSteps - 1 && m * (k + 1) * (k + 2) / 2.0 <= j) {
            k++;
        }
        return Math.round(k * stepNanos + (j - m * k * (k + 1) / 2.0) * perMessageNanos * rampSteps / (k + 1));
    }

    /** The messages a load of {@code durationNanos} (the ramp included) sends: the full rate, less what the ramp leaves out. */
    public static double messages(double ratePerSecond, long durationNanos, long rampNanos, int rampSteps) {
        double rampShare =
                rampSteps > 0 ? (rampSteps + 1) / (2.0 * rampSteps) : 0.5; // of the full rate's, over the ramp
        return ratePerSecond * (durationNanos - rampNanos + rampShare * rampNanos) / 1e9;
    }
}
