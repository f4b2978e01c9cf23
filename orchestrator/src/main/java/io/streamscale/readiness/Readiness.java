package io.streamscale.readiness;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one readiness mechanism: ask a {@link Check} again and again, backing off from 50 ms to 1 s between asks, until it
 * says ready or the deadline passes. Never a fixed sleep.
 */
public final class Readiness {
    private Readiness() {}

    /** Thrown when the wait is called off (Ctrl-C during start-up). */
    public static final class Cancelled extends RuntimeException {
        public Cancelled(String what) {
            super("cancelled while waiting for " + what);
        }
    }

    /**
     * @param cancelled asked before every probe; true ends the wait with {@link Cancelled}
     * @param guard     run before every probe; throws to end the wait early (e.g. the process died)
     * @return the last result: ready, or not ready when the deadline passed
     */
    public static ProbeResult await(
            String what, Duration timeout, Check check, BooleanSupplier cancelled, Runnable guard) {
        return await(what, timeout, Duration.ofSeconds(1), check, cancelled, guard);
    }

    /** As above, backing off to at most {@code maxPause} (batch schedulers are asked less often than daemons). */
    public static ProbeResult await(
            String what, Duration timeout, Duration maxPause, Check check, BooleanSupplier cancelled, Runnable guard) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 50;
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new Cancelled(what);
            }
            guard.run();
            ProbeResult r = check.check();
            if (r.ready() || System.nanoTime() >= deadline) {
                return r;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))); // poll back-off
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cancelled(what);
            }
            pause = Math.min(maxPause.toMillis(), pause * 2);
        }
    }
}
