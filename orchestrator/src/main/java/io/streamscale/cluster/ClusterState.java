package io.streamscale.cluster;

import io.streamscale.service.ClusterSpec;
import io.streamscale.service.RunningDaemon;
import io.streamscale.topology.Topology;
import java.time.Instant;
import java.util.List;

/**
 * What {@code up} started, written after every launch so {@code down} can stop it even after a crash.
 *
 * @param status {@code starting}, {@code up} or {@code failed}
 */
public record ClusterState(
        String clusterId,
        Instant createdAt,
        String status,
        Transport transport,
        ClusterSpec spec,
        Topology topology,
        ClusterEndpoints endpoints,
        List<RunningDaemon> daemons) {
    public ClusterState {
        daemons = List.copyOf(daemons);
    }

    public ClusterState with(String newStatus, List<RunningDaemon> newDaemons) {
        return new ClusterState(clusterId, createdAt, newStatus, transport, spec, topology, endpoints, newDaemons);
    }
}
