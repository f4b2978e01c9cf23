package io.streamscale.cluster;

import io.streamscale.remote.SshSettings;
import io.streamscale.topology.Layout;
import java.util.List;

/**
 * Where runs place their daemons: the hosts of a reservation, how to reach them, their node-local scratch, and whether
 * they see this machine's files (then the runtime and the run directory are used in place; otherwise the runtime and
 * the model are shipped and the results fetched).
 *
 * @param reservation      what the hosts are, for run.json ("SLURM job 12 (...)", "local (...)")
 * @param ssh              how to reach the hosts, or null for local mode (processes on this machine)
 * @param scratch          the node-local base directory (unused in local mode)
 * @param sharedFilesystem whether the nodes see this machine's runtime and run directory at the same paths
 * @param srunJob          the SLURM job whose steps run the commands (scheduler.launcher srun), or null for ssh
 */
public record Site(
        String reservation,
        List<Layout.Host> hosts,
        SshSettings ssh,
        String scratch,
        boolean sharedFilesystem,
        String srunJob) {

    /** Nodes reached over ssh. */
    public Site(
            String reservation, List<Layout.Host> hosts, SshSettings ssh, String scratch, boolean sharedFilesystem) {
        this(reservation, hosts, ssh, scratch, sharedFilesystem, null);
    }

    public static Site local(String reservation, List<Layout.Host> hosts) {
        return new Site(reservation, hosts, null, null, true, null);
    }

    public boolean isLocal() {
        return ssh == null && srunJob == null;
    }

    /** A run's transport: its daemons live under {@code <scratch>/runs/<runId>/<node>} (local mode: in the state dir). */
    public Transport transport(String runId, StateDir state) {
        if (isLocal()) {
            return Transport.local(state.localNodesRoot().toString());
        }
        return srunJob != null ? Transport.srun(srunJob, runRoot(runId)) : Transport.ssh(ssh, runRoot(runId));
    }

    public String runRoot(String runId) {
        return scratch + "/runs/" + runId;
    }

    /** Where shipped runtimes are kept between runs, one directory per content hash. */
    public String runtimeCache() {
        return scratch + "/runtime";
    }
}
