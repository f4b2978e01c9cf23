package io.streamscale.scheduler;

import java.time.Duration;

/**
 * What to reserve.
 *
 * @param nodes        how many whole nodes
 * @param walltime     how long the reservation lasts
 * @param startTimeout how long to wait for a pending reservation to start before giving up (and cancelling it)
 * @param jobName      the name the batch system shows
 * @param partition    SLURM partition, or null for the site's default
 * @param account      SLURM account, or null
 * @param constraint   SLURM node feature constraint, or null
 */
public record NodeRequest(
        int nodes,
        Duration walltime,
        Duration startTimeout,
        String jobName,
        String partition,
        String account,
        String constraint) {
    public NodeRequest {
        if (nodes < 1) {
            throw new IllegalArgumentException("at least one node must be reserved, not " + nodes);
        }
    }

    public static NodeRequest of(int nodes, Duration walltime) {
        return new NodeRequest(nodes, walltime, Duration.ofMinutes(30), "streamscale", null, null, null);
    }
}
