package io.streamscale.study;

import java.time.Duration;
import java.time.Instant;

/**
 * The time a set of runs may use: runs stop at {@code deadline − margin}, so teardown (and, on a cluster, releasing the
 * reservation) finishes before the scheduler kills the job; a run that would not fit is not started.
 */
public record WalltimeBudget(Instant deadline, Duration margin) {
    public Instant stopAt() {
        return deadline.minus(margin);
    }

    /** Whether a run needing {@code need} can finish before {@link #stopAt()} if started at {@code now}. */
    public boolean fits(Duration need, Instant now) {
        return !now.plus(need).isAfter(stopAt());
    }

    public Duration left(Instant now) {
        Duration d = Duration.between(now, stopAt());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
