package io.streamscale.cluster;

import io.streamscale.remote.SshSettings;

/**
 * How commands reach the nodes: {@code local} (processes on this machine) or {@code ssh}.
 *
 * @param nodeRoot the node-local base directory; a node's daemons live under {@code nodeRoot/<node name>}
 */
public record Transport(String kind, SshSettings ssh, String nodeRoot) {
    public static Transport local(String nodeRoot) {
        return new Transport("local", null, nodeRoot);
    }

    public static Transport ssh(SshSettings ssh, String nodeRoot) {
        return new Transport("ssh", ssh, nodeRoot);
    }

    public boolean usesSsh() {
        return "ssh".equals(kind);
    }
}
