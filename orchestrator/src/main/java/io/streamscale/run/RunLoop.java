package io.streamscale.run;

import io.streamscale.readiness.Check;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The run's one event loop, for the load and the drain: at a fixed cadence it ticks (due faults, then the driver),
 * asks whether the phase is done, and reports progress every so often, until the phase's deadline. A fixed cadence
 * (not a readiness back-off) keeps fault strikes on schedule to within one beat. Time and pauses are injected so tests
 * drive it without sleeping.
 */
final class RunLoop {
    /** The loop's time: a monotonic clock and a pause until the next beat that {@link #wake} ends early. */
    interface Clock {
        long nanos();

        void pause(long nanos) throws InterruptedException;

        /** Ends the pause under way, and every later one, at once (the run was cancelled). */
        default void wake() {}

        /** The system's monotonic clock; its pauses wait on a latch that {@link #wake} opens for good. */
        static Clock system() {
            CountDownLatch woken = new CountDownLatch(1);
            return new Clock() {
                @Override
                public long nanos() {
                    return System.nanoTime();
                }

                @Override
                public void pause(long nanos) throws InterruptedException {
                    woken.await(nanos, TimeUnit.NANOSECONDS); // the beat, or a cancel
                }

                @Override
                public void wake() {
                    woken.countDown();
                }
            };
        }
    }

    static final Duration BEAT = Duration.ofMillis(500);
    private final Clock clock;
    private final Duration beat;

    RunLoop(Clock clock, Duration beat) {
        this.clock = clock;
        this.beat = beat;
    }

    /** Ends the current pause now: the next look sees the cancel (Ctrl-C, the walltime) instead of a beat later. */
    void wake() {
        clock.wake();
    }

    /**
     * @param tick   every beat, before {@code done} is asked (may throw to end the run, e.g. the driver died)
     * @param report every {@code every} after the start
     * @return {@code done}'s answer: ready, or not ready when the limit passed
     * @throws Readiness.Cancelled when {@code cancelled} says so
     */
    ProbeResult run(
            String what,
            Duration limit,
            Check done,
            BooleanSupplier cancelled,
            Runnable tick,
            Duration every,
            Runnable report) {
        long start = clock.nanos();
        long nextReport = start + every.toNanos();
        for (long beat = 0; ; ) { // the index of the beat on the grid from the start
            if (cancelled.getAsBoolean()) {
                throw new Readiness.Cancelled(what);
            }
            tick.run();
            ProbeResult r = done.check();
            long now = clock.nanos();
            if (r.ready() || now - start >= limit.toNanos()) {
                return r;
            }
            if (now >= nextReport) {
                report.run();
                nextReport += every.toNanos() * Math.max(1, (now - nextReport) / every.toNanos() + 1);
            }
            // the next beat on the grid from the start; beats missed by a slow tick are skipped, not caught up in a
            // burst
            beat = Math.max(beat + 1, (clock.nanos() - start) / this.beat.toNanos() + 1);
            long next = start + beat * this.beat.toNanos();
            try {
                clock.pause(Math.max(0, next - clock.nanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Readiness.Cancelled(what);
            }
        }
    }
}
