package io.streamscale.jobs.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aRampRisesLinearlyToTheRateThenStaysEven() {
        Schedule s = new Schedule(0, 1000.0, 10_000_000_000L); // 0 -> 1000/s over 10 s: 5000 messages in the ramp
        assertEquals(0, s.offsetNanos(0));
        assertEquals(5_000_000_000L, s.offsetNanos(1250), "a quarter of the ramp's messages by half its time");
        assertEquals(10_000_000_000L, s.offsetNanos(5000), "the ramp's last message at its end");
        assertEquals(10_001_000_000L, s.offsetNanos(5001), "then one every 1/rate");
        assertEquals(15_000_000_000L, s.offsetNanos(10_000));
        for (long j = 1; j < 6000; j++) {
            assertTrue(s.offsetNanos(j) > s.offsetNanos(j - 1), "strictly in order at " + j);
        }
        long gapEarly = s.offsetNanos(101) - s.offsetNanos(100);
        long gapLate = s.offsetNanos(4001) - s.offsetNanos(4000);
        assertTrue(gapEarly > 6 * gapLate, "sparse early (" + gapEarly + " ns), dense late (" + gapLate + " ns)");
    }

    @Test
    void aRateMustBePositiveAndARampNotNegative() {
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0, Double.NaN));
    }
}
