package io.streamscale.readiness;

/** The outcome of one probe: ready or not, and what it saw (shown to users when a deadline passes). */
public record ProbeResult(boolean ready, String detail) {
    public static ProbeResult ready(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult notReady(String detail) {
        return new ProbeResult(false, detail);
    }
}
