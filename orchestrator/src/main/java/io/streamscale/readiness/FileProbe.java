package io.streamscale.readiness;

import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import java.time.Duration;

/** Ready when a file on the daemon's node exists and is not empty (e.g. the scorer's first progress line). */
public record FileProbe(String path) implements Probe {
    @Override
    public ProbeResult check(Remote node) {
        return node.exec("test -s " + Shell.quote(path), Duration.ofSeconds(30)).ok()
                ? ProbeResult.ready(path + " written")
                : ProbeResult.notReady(path + " not written yet");
    }

    @Override
    public String describe() {
        return path + " is written";
    }
}
