package io.streamscale.service;

import java.time.Instant;

/** A daemon as launched: its spec and the pid recorded at launch. */
public record RunningDaemon(DaemonSpec spec, long pid, Instant startedAt) {
    public String label() {
        return spec.label() + " (pid " + pid + ")";
    }
}
