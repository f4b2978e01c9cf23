package io.streamscale.run;

import io.streamscale.cluster.ClusterLauncher;
import io.streamscale.fault.FaultInjector;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonFailedException;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.RunningDaemon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the streaming driver's handle: launched once, replaced when a fault restarts it, and checked on
 * every tick of the run: dead is expected while a fault holds it (a restart is due), restarted from its checkpoint when
 * supervised, and otherwise the end of the run.
 */
final class ScorerSupervisor {
    private static final Logger log = LoggerFactory.getLogger(ScorerSupervisor.class);
    private final ClusterLauncher launcher;
    private final DaemonController controller;
    private final DaemonSpec spec;
    private final boolean supervise;
    private volatile RunningDaemon current;
    private int restarts;

    ScorerSupervisor(ClusterLauncher launcher, DaemonController controller, DaemonSpec spec, boolean supervise) {
        this.launcher = launcher;
        this.controller = controller;
        this.spec = spec;
        this.supervise = supervise;
    }

    RunningDaemon launch() {
        current = launcher.launch(spec);
        return current;
    }

    RunningDaemon current() {
        return current;
    }

    /** A fault restarted the driver: this is the driver now. */
    void relaunched(RunningDaemon d) {
        current = d;
    }

    /** @param injector the run's faults, or null */
    void check(FaultInjector injector) {
        if (controller.isAlive(current) || (injector != null && injector.holds(current))) {
            return;
        }
        if (supervise) {
            log.warn(
                    "{}: died; restarting it from its checkpoint (supervised){}",
                    current.label(),
                    controller.logTail(current));
            current = launcher.launch(spec);
            restarts++;
            return;
        }
        throw new DaemonFailedException(current.label() + " died" + controller.logTail(current));
    }

    /** Restarts by supervision (not those of faults). */
    int restarts() {
        return restarts;
    }
}
