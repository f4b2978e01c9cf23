package io.streamscale.study;

import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.Site;
import io.streamscale.cluster.StateDir;
import io.streamscale.cluster.Transport;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Plan;
import io.streamscale.run.Analyst;
import io.streamscale.run.LocalAnalyst;
import io.streamscale.run.NodeAnalyst;
import io.streamscale.scheduler.Allocation;
import io.streamscale.scheduler.Backend;
import io.streamscale.scheduler.NodeRequest;
import io.streamscale.template.TemplateRenderer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The one place nodes are reserved and an analyst is opened on them. {@link #guarded} reserves, runs work on the nodes
 * and releases them on every exit path (failure, Ctrl-C, SIGTERM): Ctrl-C while the reservation is pending cancels it;
 * Ctrl-C during the work asks the work to stop, and the hook waits for teardown and release before the JVM exits.
 */
public final class Reservation {
    /** A report's own reservation: DAS's daytime limit (the report of a 42-run study takes minutes, not more). */
    public static final Duration REPORT = Duration.ofMinutes(15);

    private Reservation() {}

    interface Work<T> {
        /** @param stopped true once Ctrl-C arrived (check it after making the work cancellable) */
        T run(Allocation allocation, BooleanSupplier stopped);
    }

    /** Reserves {@code nodes} for {@code length}, runs the work on them and releases them, whatever happens. */
    static <T> T guarded(SiteSettings settings, int nodes, Duration length, Work<T> work, Runnable cancelWork) {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch released = new CountDownLatch(1);
        return OnInterrupt.guard(
                () -> {
                    stop.set(true);
                    cancelWork.run();
                },
                t -> released.await(t.toMillis(), TimeUnit.MILLISECONDS),
                () -> {
                    try (Allocation a = hold(settings, nodes, length, stop::get)) {
                        return work.run(a, stop::get);
                    } finally {
                        released.countDown();
                    }
                });
    }

    /** Reserves {@code nodes} for {@code length}; the caller releases them (close). */
    static Allocation hold(SiteSettings settings, int nodes, Duration length, BooleanSupplier cancelled) {
        return settings.scheduler()
                .reserve(
                        new NodeRequest(
                                nodes,
                                length,
                                settings.startTimeout(),
                                "streamscale",
                                settings.partition(),
                                settings.account(),
                                settings.constraint()),
                        cancelled);
    }

    /**
     * Who analyses the runs made on {@code a}: its first node when this machine reserved it (a front-end, which must
     * only orchestrate) and the nodes see this machine's files; this machine in local mode, inside the caller's
     * allocation (this machine is a node then), and when the nodes have no shared filesystem (its {@code where()}
     * says so). Close it before the reservation is released.
     */
    static Analyst analyst(SiteSettings settings, Allocation a, Path home, TemplateRenderer templates) {
        if (settings.backend() == Backend.LOCAL || !a.owned()) {
            return new LocalAnalyst(templates);
        }
        if (!settings.sharedFilesystem()) {
            return new LocalAnalyst(
                    templates, "this machine (the nodes do not see its files: sharedFilesystem is off)");
        }
        Site s = settings.site(a);
        Transport t = s.transport("analysis", new StateDir(home.resolve("target")));
        return new NodeAnalyst(
                new Remotes(t).apply(a.hosts().get(0).name()),
                home,
                settings.javaHome() != null ? settings.javaHome() : System.getProperty("java.home"));
    }

    /**
     * A run's reservation without --walltime: its estimate (warm-up, load, overhead, training when its model is not
     * cached yet, the start allowance and teardown margin, in whole minutes), as a study's per-run reservation is sized.
     */
    public static Duration forOneRun(Cell cell) {
        return Plan.perRun(cell, CellRunner.trains(cell)).length();
    }
}
