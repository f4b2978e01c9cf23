package io.streamscale.fault;

import java.time.Duration;

/**
 * One step of a fault schedule: the {@code occurrence}-th strike of fault {@code fault} (its index in the manifest's
 * list), injected or healed {@code at} this long after the load started.
 */
public record FaultEvent(int fault, int occurrence, Duration at, Phase phase) {
    public enum Phase {
        INJECT,
        HEAL
    }
}
