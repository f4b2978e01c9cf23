package io.streamscale.scheduler;

import io.streamscale.remote.LocalRemote;
import java.time.Duration;

/** The backend named in a manifest or on the command line. */
public final class Schedulers {
    /** Batch systems are asked at most this often while a reservation is pending or ending. */
    static final Duration MAX_POLL = Duration.ofSeconds(5);

    private Schedulers() {}

    public static Scheduler create(Backend backend, AddressRule addresses, String preserve) {
        return switch (backend) {
            case LOCAL -> new LocalScheduler();
            case SLURM -> new SlurmScheduler(new LocalRemote("front-end"), System.getenv(), addresses, MAX_POLL);
            case PRUN -> new PrunScheduler(new LocalRemote("front-end"), preserve, addresses, MAX_POLL);
        };
    }
}
