package io.streamscale.manifest;

import io.streamscale.jobs.scorer.Sink;
import io.streamscale.scheduler.Backend;

/**
 * What real-time processing needs of where it runs. Its sink ({@code ParquetRowFiles} in the scorer) names each file by
 * epoch and task, and a restarted query removes the files of the epochs after its last commit before it scores them
 * again; it does so on the driver's disk. When the nodes share a filesystem that is every executor's output; when they
 * do not, an executor on another node keeps its files of those epochs and their rows are scored twice. So real-time
 * processing is refused on a cluster whose nodes do not share files; one stated reason for the manifest and for
 * {@code run}'s options. Flink needs one too ({@link #flinkRefusal}): its checkpoints and part files must be where every
 * TaskManager and the scorer's client see them.
 */
public final class RealTimeSite {
    private RealTimeSite() {}

    /** Why: for a message that names the settings as they were given (options or keys). */
    public static final String REASON =
            "real-time mode needs nodes that share a filesystem: a restarted query removes the"
                    + " files of its uncommitted epochs on the driver's disk only, so another node's would be kept and their rows"
                    + " scored twice";

    /**
     * Why real-time processing cannot run with these site settings, naming the manifest's keys, or null (a local run
     * shares this machine's files; the Kafka sink writes none on the executors).
     */
    public static String refusal(Backend backend, boolean sharedFilesystem, Sink sink) {
        if (sharedFilesystem
                || backend == Backend.LOCAL
                || sink == Sink.KAFKA) { // the Kafka sink writes no files on executors
            return null;
        }
        return REASON + " (sharedFilesystem false, scheduler.backend " + backend + "): set sharedFilesystem true,"
                + " spark.sink kafka or spark.processing microbatch";
    }

    /** Why engine flink cannot run with these site settings, or null (local, or a shared filesystem). */
    public static String flinkRefusal(Backend backend, boolean sharedFilesystem) {
        if (sharedFilesystem || backend == Backend.LOCAL) {
            return null;
        }
        return "engine flink needs nodes that share a filesystem: its checkpoints and its file sink's part files must be"
                + " where every TaskManager and the scorer's client see them (sharedFilesystem false, scheduler.backend "
                + backend + "): set sharedFilesystem true or engine spark";
    }
}
