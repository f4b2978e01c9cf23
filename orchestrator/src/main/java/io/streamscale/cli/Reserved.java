package io.streamscale.cli;

import io.streamscale.run.SiteSettings;
import io.streamscale.scheduler.Allocation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Reserves nodes, runs work on them and releases them on every exit path (failure, Ctrl-C, SIGTERM). Ctrl-C while the
 * reservation is pending cancels it; Ctrl-C during the work asks the work to stop, and the hook waits for teardown and
 * release before the JVM exits.
 */
final class Reserved {
    private Reserved() {
    }

    interface Work<T> {
        /** @param stopped true once Ctrl-C arrived (check it after making the work cancellable) */
        T run(Allocation allocation, BooleanSupplier stopped);
    }

    static <T> T run(SiteSettings settings, int nodes, Work<T> work, Runnable cancelWork) {
        return run(settings, nodes, settings.walltime(), work, cancelWork);
    }

    /** As {@link #run(SiteSettings, int, Work, Runnable)}, for {@code length} instead of the settings' walltime. */
    static <T> T run(SiteSettings settings, int nodes, Duration length, Work<T> work, Runnable cancelWork) {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch released = new CountDownLatch(1);
        return OnInterrupt.guard(() -> {
            stop.set(true);
            cancelWork.run();
        }, t -> released.await(t.toMillis(), TimeUnit.MILLISECONDS), () -> {
            try (Allocation a = settings.reserve(nodes, length, stop::get)) {
                return work.run(a, stop::get);
            } finally {
                released.countDown();
            }
        });
    }

    static Duration oneRunWalltime(Duration load) {
        return load.plusMinutes(20); // start-up, training, drain and teardown around the load
    }
}
