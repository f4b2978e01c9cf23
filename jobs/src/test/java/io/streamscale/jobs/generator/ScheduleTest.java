package io.streamscale.jobs.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void messageIIsDueAtStartPlusIOverRate() {
        Schedule s = new Schedule(1_000_000_000L, 4.0);
        assertEquals(1_000_000_000L, s.dueNanos(0));
        assertEquals(1_250_000_000L, s.dueNanos(1));
        assertEquals(3_500_000_000L, s.dueNanos(10));
        assertEquals(2_500_000_000L, s.offsetNanos(10));
    }

    @Test
    void fractionalRatesStayEvenWithoutDrift() {
        Schedule s = new Schedule(0, 3.0); // 333,333,333.3 ns apart
        assertEquals(333_333_333L, s.dueNanos(1));
        assertEquals(1_000_000_000L, s.dueNanos(3));
        assertEquals(1_000_000_000_000L, s.dueNanos(3000), "no accumulated rounding error");
    }

    @Test
    void aRateMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0, Double.NaN));
    }
}
