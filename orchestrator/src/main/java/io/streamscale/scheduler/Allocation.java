package io.streamscale.scheduler;

import io.streamscale.topology.Layout;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Nodes held for this orchestrator. {@link #release()} gives them back if this orchestrator reserved them, and does
 * nothing for an allocation it was started inside (the caller's job is never cancelled). Release is idempotent and
 * safe from a shutdown hook.
 */
public final class Allocation implements AutoCloseable {
    private final String id;
    private final String description;
    private final List<Layout.Host> hosts;
    private final Instant endsAt;
    private final Runnable releaser;
    private final AtomicBoolean released = new AtomicBoolean();

    /** @param releaser what gives the nodes back, or null when the allocation is not ours to release */
    public Allocation(String id, String description, List<Layout.Host> hosts, Instant endsAt, Runnable releaser) {
        this.id = id;
        this.description = description;
        this.hosts = List.copyOf(hosts);
        this.endsAt = endsAt;
        this.releaser = releaser;
    }

    /** The batch system's id (SLURM job id, preserve reservation number), or "local". */
    public String id() {
        return id;
    }

    /** For run.json and log lines: what kind of reservation, its id, whether we own it. */
    public String description() {
        return description;
    }

    /** The nodes, in the batch system's order, each with the address its daemons bind to. */
    public List<Layout.Host> hosts() {
        return hosts;
    }

    /** When the reservation ends, if the batch system says. */
    public Optional<Instant> endsAt() {
        return Optional.ofNullable(endsAt);
    }

    /** Whether {@link #release()} gives the nodes back (false inside the caller's allocation and in local mode). */
    public boolean owned() {
        return releaser != null;
    }

    public void release() {
        if (releaser != null && released.compareAndSet(false, true)) {
            releaser.run();
        }
    }

    @Override
    public void close() {
        release();
    }
}
