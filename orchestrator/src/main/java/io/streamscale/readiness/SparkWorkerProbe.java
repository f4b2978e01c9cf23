package io.streamscale.readiness;

import io.streamscale.remote.Remote;
import java.io.IOException;

/** Ready when the master's JSON lists an ALIVE worker on {@code workerHost}. */
public record SparkWorkerProbe(String masterJsonUrl, String workerHost) implements Probe {
    @Override
    public ProbeResult check(Remote node) {
        try {
            SparkMasterJson.Status s = SparkMasterJson.fetch(masterJsonUrl);
            return s.aliveWorkerHosts().contains(workerHost)
                    ? ProbeResult.ready("registered with the master")
                    : ProbeResult.notReady("master lists ALIVE workers " + s.aliveWorkerHosts());
        } catch (IOException e) {
            return ProbeResult.notReady("master: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.notReady("interrupted");
        }
    }

    @Override
    public String describe() {
        return "master " + masterJsonUrl + " lists worker " + workerHost + " ALIVE";
    }
}
