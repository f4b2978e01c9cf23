package io.streamscale.cluster;

import io.streamscale.readiness.ProbeResult;
import io.streamscale.service.DaemonController;
import io.streamscale.service.RunningDaemon;
import java.util.List;

/** Asks every recorded daemon whether it is alive and ready, once. */
public final class ClusterStatus {
    private ClusterStatus() {}

    /** One daemon's answer. */
    public record Line(RunningDaemon daemon, boolean alive, ProbeResult probe) {
        public boolean ready() {
            return alive && probe.ready();
        }
    }

    public static List<Line> check(ClusterState state, DaemonController controller) {
        return state.daemons().stream()
                .map(d -> {
                    boolean alive = controller.isAlive(d);
                    ProbeResult r = alive ? controller.probe(d) : ProbeResult.notReady("process not running");
                    return new Line(d, alive, r);
                })
                .toList();
    }
}
