package io.streamscale.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/** {@code faults.jsonl}: one line per inject or heal as it actually happened (time, node, service, pid, outcome). */
public final class FaultLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public FaultLog(Path file) {
        this.file = file;
    }

    /** @param phase inject, heal or final-heal */
    public synchronized void record(Instant when, Duration sinceLoadStart, int fault, int occurrence, String phase, FaultSpec spec,
                                    String node, String service, Long pid, Long newPid, String outcome) {
        ObjectNode n = JSON.createObjectNode();
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
            Files.writeString(file, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
