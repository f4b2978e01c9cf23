package io.streamscale.jobs.generator;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One thread that sends the messages of several generator instances, each when it is due: their schedules interleave
 * (instance k of P starts k / R after the first, each sends at R / P), so taking them round-robin is taking them in due
 * order. Open loop: a send never waits for an acknowledgement, so a slow broker shows as latency, and a pacer that
 * cannot keep up shows as behind-schedule time, never as a lower offered rate.
 */
final class Pacer implements Runnable {
    private final List<GeneratorInstance> instances;
    private final BooleanSupplier stop;

    /** @param instances in due order within a round (increasing schedule start) */
    Pacer(List<GeneratorInstance> instances, BooleanSupplier stop) {
        this.instances = instances;
        this.stop = stop;
    }

    @Override
    public void run() {
        long most = instances.stream().mapToLong(GeneratorInstance::planned).max().orElse(0);
        for (long seq = 0; seq < most; seq++) {
            for (GeneratorInstance g : instances) {
                if (seq >= g.planned()) {
                    continue;
                }
                long due = g.dueNanos(seq);
                long now = System.nanoTime();
                while (now < due) { // park may return early
                    LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
                if (stop.getAsBoolean()) {
                    return;
                }
                g.send(seq, now);
            }
        }
    }
}
