package io.streamscale.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WalltimeBudgetTest {
    final Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
    final WalltimeBudget b = new WalltimeBudget(t0.plus(Duration.ofMinutes(60)), Duration.ofMinutes(2));

    @Test
    void runsStopAtTheDeadlineLessTheTeardownMargin() {
        assertEquals(t0.plus(Duration.ofMinutes(58)), b.stopAt());
        assertEquals(Duration.ofMinutes(58), b.left(t0));
        assertEquals(Duration.ZERO, b.left(t0.plus(Duration.ofMinutes(59))));
    }

    @Test
    void aRunIsStartedOnlyIfItFitsBeforeTheStop() {
        assertTrue(b.fits(Duration.ofMinutes(58), t0));
        assertFalse(b.fits(Duration.ofMinutes(58).plusSeconds(1), t0));
        assertTrue(b.fits(Duration.ofMinutes(13), t0.plus(Duration.ofMinutes(45))));
        assertFalse(b.fits(Duration.ofMinutes(14), t0.plus(Duration.ofMinutes(45))));
    }
}
