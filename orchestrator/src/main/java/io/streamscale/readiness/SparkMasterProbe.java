package io.streamscale.readiness;

import io.streamscale.remote.Remote;
import java.io.IOException;

/** Ready when the master's JSON says ALIVE and lists at least {@code expectedWorkers} ALIVE workers. */
public record SparkMasterProbe(String jsonUrl, int expectedWorkers) implements Probe {
    @Override
    public ProbeResult check(Remote node) {
        try {
            SparkMasterJson.Status s = SparkMasterJson.fetch(jsonUrl);
            if (!"ALIVE".equals(s.status())) {
                return ProbeResult.notReady("master status " + s.status());
            }
            int alive = s.aliveWorkerHosts().size();
            return alive >= expectedWorkers
                    ? ProbeResult.ready("ALIVE with " + alive + " ALIVE workers")
                    : ProbeResult.notReady(alive + " of " + expectedWorkers + " workers ALIVE");
        } catch (IOException e) {
            return ProbeResult.notReady(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.notReady("interrupted");
        }
    }

    @Override
    public String describe() {
        return jsonUrl + " ALIVE with " + expectedWorkers + " ALIVE workers";
    }
}
