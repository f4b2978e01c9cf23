package io.streamscale.cli;

import io.streamscale.manifest.Schema;
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

    /** A report's own reservation: DAS's daytime limit (the report of a 42-run study takes minutes, not more). */
    static final Duration REPORT = Duration.ofMinutes(15);

    /**
     * A run's reservation without --walltime: its estimate (warm-up, load, overhead, training when its model is not
     * cached yet, the start allowance and teardown margin, in whole minutes), as a study's per-run reservation is sized.
     */
    static Duration oneRunWalltime(io.streamscale.manifest.Cell cell) {
        boolean trains = cell.get(Schema.MODEL_PATH) == null && !io.streamscale.model.ModelCache.defaults().has(cell.modelSpec());
        return io.streamscale.manifest.Plan.perRun(cell, trains).length();
    }
}
