package io.streamscale.scheduler;

import java.util.function.BooleanSupplier;

/** Where nodes come from: loopback aliases of this machine, SLURM, or DAS-5's preserve. */
public interface Scheduler {

    /** local, slurm or prun. */
    String name();

    /**
     * Reserves nodes and waits until they can be used, reporting progress while the reservation is pending.
     *
     * @param cancelled asked while waiting; true gives up (Ctrl-C)
     * @return the running allocation, with at least {@code request.nodes()} hosts
     * @throws SchedulerException naming the command and what the batch system said; nothing stays reserved (a
     *                            pending reservation is cancelled when the start deadline passes or on cancel)
     */
    Allocation reserve(NodeRequest request, BooleanSupplier cancelled);
}
