package io.streamscale.run;

import io.streamscale.cluster.StateDir;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonFailedException;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.RunningDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Runs a one-off job on this machine (the trainer) to completion, through the one launcher. */
public final class LocalJob {
    private LocalJob() {
    }

    /**
     * Starts the job, waits for it to exit and checks that it left {@code successFile} behind. Its log is copied into
     * {@code stateDir}'s logs/ either way.
     *
     * @throws DaemonFailedException with the job's error lines when it failed, timed out or was cancelled
     */
    public static void run(DaemonController controller, DaemonSpec spec, Path successFile, Duration timeout,
                           BooleanSupplier cancelled, StateDir stateDir) {
        RunningDaemon d = controller.launch(spec);
        try {
            if (!controller.awaitExit(d, timeout, cancelled)) {
                throw new DaemonFailedException(spec.id() + " did not finish within " + timeout.toMinutes() + " min"
                        + controller.logTail(d));
            }
            if (!Files.exists(successFile)) {
                throw new DaemonFailedException(spec.id() + " failed: " + errorLines(Path.of(spec.logFile()))
                        + " (log: " + spec.logFile() + ")");
            }
        } finally {
            controller.stop(d, Duration.ofSeconds(10)); // a no-op unless cancelled or timed out
            controller.fetchLog(d, stateDir.localLogCopy(spec));
        }
    }

    /** The lines a job prints as {@code error: ...}, or its last line. */
    static String errorLines(Path log) {
        try {
            var lines = Files.readAllLines(log);
            var errors = lines.stream().filter(l -> l.startsWith("error: ")).map(l -> l.substring(7)).toList();
            if (!errors.isEmpty()) {
                return String.join("; ", errors);
            }
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (java.io.IOException e) {
            return "no log";
        }
    }
}
