package io.streamscale.study;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs long work under a shutdown hook: on Ctrl-C or SIGTERM the hook asks the work to stop and waits (up to three
 * minutes) until it has torn down, so the JVM does not exit with daemons still running.
 */
public final class OnInterrupt {
    /** Waits until the work has finished, teardown included. */
    @FunctionalInterface
    public interface Await {
        boolean awaitFinished(Duration timeout) throws InterruptedException;
    }

    private OnInterrupt() {}

    public static <T> T guard(Runnable cancel, Await await, Supplier<T> work) {
        Thread hook = new Thread(
                () -> {
                    cancel.run();
                    try {
                        await.awaitFinished(Duration.ofMinutes(3));
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                },
                "streamscale-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook is waiting for the teardown that just finished
            }
        }
    }
}
