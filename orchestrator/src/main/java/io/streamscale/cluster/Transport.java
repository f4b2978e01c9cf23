package io.streamscale.cluster;

import io.streamscale.remote.SshSettings;

/**
 * How commands reach the nodes: {@code local} (processes on this machine), {@code ssh}, or {@code srun} (steps of a
 * SLURM job).
 *
 * @param nodeRoot the node-local base directory; a node's daemons live under {@code nodeRoot/<node name>}
 * @param slurmJob the job whose steps run the commands ({@code srun} only)
 */
public record Transport(String kind, SshSettings ssh, String nodeRoot, String slurmJob) {
    public static Transport local(String nodeRoot) {
        return new Transport("local", null, nodeRoot, null);
    }

    public static Transport ssh(SshSettings ssh, String nodeRoot) {
        return new Transport("ssh", ssh, nodeRoot, null);
    }

    public static Transport srun(String slurmJob, String nodeRoot) {
        return new Transport("srun", null, nodeRoot, slurmJob);
    }
}
