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
 */
public record Site(String reservation, List<Layout.Host> hosts, SshSettings ssh, String scratch, boolean sharedFilesystem) {

    public static Site local(String reservation, List<Layout.Host> hosts) {
        return new Site(reservation, hosts, null, null, true);
    }

    public boolean isLocal() {
        return ssh == null;
    }

    /** A run's transport: its daemons live under {@code <scratch>/runs/<runId>/<node>} (local mode: in the state dir). */
    public Transport transport(String runId, StateDir state) {
        return isLocal() ? Transport.local(state.localNodesRoot().toString()) : Transport.ssh(ssh, runRoot(runId));
    }

    public String runRoot(String runId) {
        return scratch + "/runs/" + runId;
    }

    /** Where shipped runtimes are kept between runs, one directory per content hash. */
    public String runtimeCache() {
        return scratch + "/runtime";
    }
}
