package io.streamscale.readiness;

import io.streamscale.remote.Remote;

/** For processes with nothing to ask (load generators, one-off jobs): running is ready. */
public record AliveProbe() implements Probe {
    @Override
    public ProbeResult check(Remote node) {
        return ProbeResult.ready("running");
    }

    @Override
    public String describe() {
        return "running";
    }
}
