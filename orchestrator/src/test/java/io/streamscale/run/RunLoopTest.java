package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The run's loop on a simulated clock: fixed beats, ticks before each look, progress reports, deadline, cancel. */
class RunLoopTest {
    /** Time moves only when the loop pauses, and by {@code workNanos} on each look (a slow check). */
    static final class FakeClock implements RunLoop.Clock {
        long now;
        final List<Long> pauses = new ArrayList<>();

        @Override
        public long nanos() {
            return now;
        }

        @Override
        public void pause(long nanos) {
            pauses.add(nanos);
            now += nanos;
        }
    }

    @Test
    void itTicksAtAFixedCadenceAndReportsEveryTenSecondsUntilDone() {
        FakeClock clock = new FakeClock();
        List<Long> ticks = new ArrayList<>();
        List<Long> reports = new ArrayList<>();
        int[] looks = {0};
        ProbeResult r = new RunLoop(clock, Duration.ofMillis(500))
                .run(
                        "load",
                        Duration.ofMinutes(5),
                        () -> {
                            clock.now += 100_000_000; // each look takes 0.1 s: the beat stays at 0.5 s
                            return ++looks[0] == 61 ? ProbeResult.ready("all exited") : ProbeResult.notReady("running");
                        },
                        () -> false,
                        () -> ticks.add(clock.now),
                        Duration.ofSeconds(10),
                        () -> reports.add(clock.now));
        assertTrue(r.ready());
        assertEquals(61, ticks.size(), "one tick before each look");
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(i * 500_000_000L, ticks.get(i), "beat " + i + " on the 0.5 s grid");
        }
        assertTrue(
                clock.pauses.stream().allMatch(p -> p == 400_000_000L),
                "pauses make up the rest of each beat: " + clock.pauses);
        assertEquals(List.of(10_100_000_000L, 20_100_000_000L), reports, "a report after the looks at 10 s and 20 s");
    }

    @Test
    void beatsMissedBySlowTicksAreSkippedNotCaughtUpInABurst() {
        FakeClock clock = new FakeClock();
        List<Long> ticks = new ArrayList<>();
        int[] looks = {0};
        new RunLoop(clock, Duration.ofMillis(500))
                .run(
                        "load",
                        Duration.ofMinutes(1),
                        () -> {
                            clock.now += looks[0] == 1
                                    ? 2_100_000_000L
                                    : 0; // the second look takes 2.1 s (a broker is down)
                            return ++looks[0] == 4 ? ProbeResult.ready("done") : ProbeResult.notReady("running");
                        },
                        () -> false,
                        () -> ticks.add(clock.now),
                        Duration.ofMinutes(1),
                        () -> {});
        assertEquals(
                List.of(0L, 500_000_000L, 3_000_000_000L, 3_500_000_000L),
                ticks,
                "after the slow beat: the next on the grid");
    }

    @Test
    void theDeadlineEndsItNotReadyAndCancellingEndsIt() {
        FakeClock clock = new FakeClock();
        ProbeResult r = new RunLoop(clock, Duration.ofSeconds(1))
                .run(
                        "drain",
                        Duration.ofSeconds(5),
                        () -> ProbeResult.notReady("behind by 7 messages"),
                        () -> false,
                        () -> {},
                        Duration.ofMinutes(1),
                        () -> {});
        assertFalse(r.ready());
        assertEquals("behind by 7 messages", r.detail());
        assertEquals(5_000_000_000L, clock.now, "gave up at the deadline");

        int[] asked = {0};
        Readiness.Cancelled c = assertThrows(
                Readiness.Cancelled.class,
                () -> new RunLoop(new FakeClock(), Duration.ofSeconds(1))
                        .run(
                                "load",
                                Duration.ofMinutes(1),
                                () -> ProbeResult.notReady("x"),
                                () -> ++asked[0] > 3,
                                () -> {},
                                Duration.ofMinutes(1),
                                () -> {}));
        assertEquals("cancelled while waiting for load", c.getMessage());
    }

    @Test
    void aCancelWakesAPauseOfTheSystemClockAtOnce() throws Exception {
        // a beat of an hour: only the wake can end the pause before the test's own limit
        RunLoop loop = new RunLoop(RunLoop.Clock.system(), Duration.ofHours(1));
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch looked = new CountDownLatch(1);
        Thread ctrlC = new Thread(() -> {
            try {
                looked.await();
            } catch (InterruptedException e) {
                return;
            }
            cancelled.set(true);
            loop.wake();
        });
        ctrlC.start();
        Readiness.Cancelled c = Assertions.assertTimeoutPreemptively(
                Duration.ofMinutes(2),
                () -> assertThrows(
                        Readiness.Cancelled.class,
                        () -> loop.run(
                                "load",
                                Duration.ofHours(2),
                                () -> {
                                    looked.countDown();
                                    return ProbeResult.notReady("running");
                                },
                                cancelled::get,
                                () -> {},
                                Duration.ofHours(1),
                                () -> {})));
        assertEquals("cancelled while waiting for load", c.getMessage());
        ctrlC.join();
    }

    @Test
    void aTickThatThrowsEndsTheLoop() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new RunLoop(new FakeClock(), Duration.ofSeconds(1))
                        .run(
                                "load",
                                Duration.ofMinutes(1),
                                () -> ProbeResult.notReady("x"),
                                () -> false,
                                () -> {
                                    throw new IllegalStateException("scorer died");
                                },
                                Duration.ofMinutes(1),
                                () -> {}));
        assertEquals("scorer died", e.getMessage());
    }
}
