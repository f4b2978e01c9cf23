package io.streamscale.scheduler;

import io.streamscale.remote.LocalRemote;
import java.time.Duration;

/** The backend named in a manifest or on the command line. */
public final class Schedulers {
    /** Batch systems are asked at most this often while a reservation is pending or ending. */
    static final Duration MAX_POLL = Duration.ofSeconds(5);

    private Schedulers() {
    }

    /** @param backend local, slurm or prun */
    public static Scheduler create(String backend, AddressRule addresses, String preserve) {
        return switch (backend) {
            case "local" -> new LocalScheduler();
            case "slurm" -> new SlurmScheduler(new LocalRemote("front-end"), System.getenv(), addresses, MAX_POLL);
            case "prun" -> new PrunScheduler(new LocalRemote("front-end"), preserve, addresses, MAX_POLL);
            default -> throw new IllegalArgumentException("unknown scheduler backend '" + backend + "': local, slurm or prun");
        };
    }
}
