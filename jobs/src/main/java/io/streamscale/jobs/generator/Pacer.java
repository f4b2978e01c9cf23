package io.streamscale.jobs.generator;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One thread that sends the messages of several generator instances, each when it is due: their schedules interleave
 * (instance k of P starts k / R after the first, each sends at R / P), so taking them round-robin is taking them in due
 * order. It wakes on a 1 ms grid and sends everything due by then. Open loop: a send never waits for an acknowledgement, so a slow broker shows as latency, and a pacer that
 * cannot keep up shows as behind-schedule time, never as a lower offered rate.
 */
final class Pacer implements Runnable {
    /**
     * Wake-ups come on this grid, not per message: at 5000 msg/s a wake-up per message is 5000 context switches a
     * second, more CPU than the sends. A message is thus sent up to one tick after it is due, never before; its
     * intended time (the schedule's) is what latency is measured from, and the delay shows in behind-schedule.
     */
    static final long TICK_NANOS = 1_000_000;

    private final List<GeneratorInstance> instances;
    private final BooleanSupplier stop;
    private final long origin;

    /** @param instances in due order within a round (increasing schedule start) */
    Pacer(List<GeneratorInstance> instances, BooleanSupplier stop) {
        this.instances = instances;
        this.stop = stop;
        this.origin = instances.isEmpty() ? 0 : instances.get(0).dueFirst();
    }

    @Override
    public void run() {
        long most =
                instances.stream().mapToLong(GeneratorInstance::planned).max().orElse(0);
        for (long seq = 0; seq < most; seq++) {
            for (GeneratorInstance g : instances) {
                if (seq >= g.planned()) {
                    continue;
                }
                long due = g.dueNanos(seq);
                long now = System.nanoTime();
                if (now < due) { // wake on the next tick at or after the due time, then send all that is due
                    long wake = due + Math.floorMod(origin - due, TICK_NANOS);
                    while (now < wake) { // park may return early
                        LockSupport.parkNanos(wake - now);
                        now = System.nanoTime();
                    }
                }
                if (stop.getAsBoolean()) {
                    return;
                }
                g.send(seq, now);
            }
        }
    }
}
