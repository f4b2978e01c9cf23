package io.streamscale.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * {@code faults.jsonl}: two lines per inject or heal of a daemon, {@code pending} before it acts and then what actually
 * happened (time, node, service, pid, outcome).
 */
public final class FaultLog {
    /** Phases: a strike, its heal on schedule, the heal at the end of the run of whatever was still struck. */
    public static final String INJECT = "inject";

    public static final String HEAL = "heal";
    public static final String FINAL_HEAL = "final-heal";
    /**
     * Outcomes: about to act (written before every strike and heal, so a crash in between leaves the intent: the line
     * after it says what happened); the strike hit; the daemon was restarted, resumed, or its traffic restored.
     */
    public static final String PENDING = "pending";

    public static final String OK = "ok";
    public static final String RESTARTED = "restarted";
    public static final String RESUMED = "resumed";
    public static final String RESTORED = "restored";
    private static final Set<String> HEALED = Set.of(RESTARTED, RESUMED, RESTORED);
    private final Path file;

    public FaultLog(Path file) {
        this.file = file;
    }

    /** A line of the log that records a strike that hit its daemon. */
    public static boolean struck(JsonNode line) {
        return INJECT.equals(line.path("phase").asText())
                && OK.equals(line.path("outcome").asText());
    }

    /** A line of the log that records a heal that brought its daemon back. */
    public static boolean healed(JsonNode line) {
        return !INJECT.equals(line.path("phase").asText())
                && HEALED.contains(line.path("outcome").asText());
    }

    /** @param phase {@link #INJECT}, {@link #HEAL} or {@link #FINAL_HEAL} */
    public synchronized void record(
            Instant when,
            Duration sinceLoadStart,
            int fault,
            int occurrence,
            String phase,
            FaultSpec spec,
            String node,
            String service,
            Long pid,
            Long newPid,
            String outcome) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("time", when.toString());
        n.put("sinceLoadStartMillis", sinceLoadStart.toMillis());
        n.put("fault", fault);
        n.put("occurrence", occurrence);
        n.put("phase", phase);
        n.put("action", spec.action().yaml());
        n.put("target", spec.target().yaml());
        n.put("spec", spec.describe());
        n.put("node", node);
        n.put("service", service);
        if (pid != null) {
            n.put("pid", pid);
        }
        if (newPid != null) {
            n.put("newPid", newPid);
        }
        n.put("outcome", outcome);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(
                    file,
                    Json.LINE.writeValueAsString(n) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
