package io.streamscale.readiness;

/** One look at whether something is ready. Never throws for "not yet": it says so in the result. */
@FunctionalInterface
public interface Check {
    ProbeResult check();
}
