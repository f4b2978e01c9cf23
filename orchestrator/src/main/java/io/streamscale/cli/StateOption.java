package io.streamscale.cli;

import io.streamscale.cluster.StateDir;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --state DIR}, shared by up, status and down. */
final class StateOption {
    @Option(
            names = "--state",
            paramLabel = "DIR",
            description = "Where the cluster's state, configs and logs are kept (default: ~/.streamscale/cluster,"
                    + " or $STREAMSCALE_STATE).")
    Path state;

    StateDir stateDir() {
        return new StateDir(state != null ? state : StateDir.defaultRoot());
    }
}
