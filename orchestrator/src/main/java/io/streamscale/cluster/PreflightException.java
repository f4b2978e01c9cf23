package io.streamscale.cluster;

import java.util.List;
import java.util.stream.Collectors;

/** Nodes that cannot hold the run, as one table: node, check, what was found. Nothing was shipped or started. */
public final class PreflightException extends RuntimeException {
    private final List<Preflight.Failure> failures;

    public PreflightException(List<Preflight.Failure> failures) {
        super("preflight: " + failures.size() + " check(s) failed, nothing was started\n"
                + failures.stream()
                        .map(f -> String.format("  %-12s %-9s %s", f.node(), f.check(), f.found()))
                        .collect(Collectors.joining("\n")));
        this.failures = List.copyOf(failures);
    }

    public List<Preflight.Failure> failures() {
        return failures;
    }
}
