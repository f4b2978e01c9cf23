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
    void aSteppedRampHoldsEachStepsRateForItsShareOfTheRamp() {
        Schedule s = new Schedule(0, 1000.0, 10_000_000_000L, 4); // 250, 500, 750, 1000 msg/s for 2.5 s each
        assertEquals(0, s.offsetNanos(0));
        assertEquals(2_496_000_000L, s.offsetNanos(624), "step 1: 625 messages at 250/s");
        assertEquals(2_500_000_000L, s.offsetNanos(625), "step 2 starts on time");
        assertEquals(2_502_000_000L, s.offsetNanos(626), "at 500/s");
        assertEquals(5_000_000_000L, s.offsetNanos(1875), "after 625 + 1250");
        assertEquals(7_500_000_000L, s.offsetNanos(3750));
        assertEquals(10_000_000_000L, s.offsetNanos(6250), "the ramp's 6250 messages end with it");
        assertEquals(10_001_000_000L, s.offsetNanos(6251), "then the full rate");
        for (long j = 1; j < 7000; j++) {
            assertTrue(s.offsetNanos(j) > s.offsetNanos(j - 1), "strictly in order at " + j);
        }
        assertEquals(
                11_250,
                Schedule.messages(1000, 15_000_000_000L, 10_000_000_000L, 4),
                1e-9,
                "6250 in the ramp, 5000 after");
        assertEquals(
                10_000, Schedule.messages(1000, 15_000_000_000L, 10_000_000_000L, 0), 1e-9, "linear: half the ramp's");
        assertEquals(15_000, Schedule.messages(1000, 15_000_000_000L, 0, 4), 1e-9, "no ramp");
    }

    /** What the generator sends is what the orchestrator plans: messages due before a time = Schedule.messages to then. */
    @Test
    void theMessagesDueBeforeEachStepsEndAreTheCountThePlanUses() {
        for (double rate : new double[] {3.0, 2000, 123_456.7}) {
            for (int steps : new int[] {0, 1, 3, 8}) {
                long ramp = 7_654_321_000L;
                Schedule s = new Schedule(0, rate, ramp, steps);
                for (long until : new long[] {ramp, ramp + 2_345_678_901L}) {
                    double planned = Schedule.messages(rate, until, ramp, steps);
                    long lo = 0;
                    long hi = (long) planned + 10;
                    while (lo < hi) { // the first message due at or after `until`
                        long mid = (lo + hi) / 2;
                        if (s.offsetNanos(mid) < until) {
                            lo = mid + 1;
                        } else {
                            hi = mid;
                        }
                    }
                    assertEquals(planned, lo, 1.0, rate + " msg/s, " + steps + " steps, until " + until + " ns");
                }
            }
        }
    }

    @Test
    void aRateMustBePositiveAndARampNotNegative() {
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0, 1, 1, -2));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0, Double.NaN));
    }
}
