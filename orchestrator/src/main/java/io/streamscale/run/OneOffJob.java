package io.streamscale.run;

import io.streamscale.cluster.StateDir;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonFailedException;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.RunningDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Runs a one-off job (the trainer) to completion on its node, through the one launcher. */
final class OneOffJob {
    private OneOffJob() {}

    /**
     * Starts the job, waits for it to exit and checks that it left {@code successFile} behind on its node. Its log is
     * copied into {@code stateDir}'s logs/ either way.
     *
     * @return the local copy of its log
     * @throws DaemonFailedException with the job's error lines when it failed or timed out
     */
    static Path run(
            DaemonController controller,
            Remote node,
            DaemonSpec spec,
            String successFile,
            Duration timeout,
            BooleanSupplier cancelled,
            StateDir stateDir) {
        RunningDaemon d = controller.launch(spec);
        Path log = stateDir.localLogCopy(spec);
        boolean exited;
        try {
            exited = controller.awaitExit(d, timeout, cancelled);
        } finally {
            controller.stop(d, Duration.ofSeconds(10)); // a no-op unless cancelled or timed out
            controller.fetchLog(d, log);
        }
        if (!exited) {
            throw new DaemonFailedException(
                    spec.label() + " did not finish within " + timeout.toMinutes() + " min (log: " + log + ")");
        }
        if (!node.exec("test -e " + Shell.quote(successFile), Duration.ofSeconds(30))
                .ok()) {
            throw new DaemonFailedException(spec.label() + " failed: " + errorLines(log) + " (log: " + log + ")");
        }
        return log;
    }

    /** The lines a job prints as {@code error: ...}, or its last line. */
    static String errorLines(Path log) {
        try {
            var lines = Files.readAllLines(log);
            var errors = lines.stream()
                    .filter(l -> l.startsWith("error: "))
                    .map(l -> l.substring(7))
                    .toList();
            if (!errors.isEmpty()) {
                return String.join("; ", errors);
            }
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "no log";
        }
    }
}
