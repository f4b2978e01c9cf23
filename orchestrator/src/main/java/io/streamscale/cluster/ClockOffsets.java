package io.streamscale.cluster;

import io.streamscale.remote.Remote;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Each node's clock against this machine's, so latencies that mix timestamps from several nodes can be judged. The
 * node's clock is read between two local reads; the offset assumes the read happened mid-way, so it is exact to within
 * half the round trip (the bound). The best of a few tries (the smallest round trip) is kept.
 */
public final class ClockOffsets {
    private static final int TRIES = 5;

    private ClockOffsets() {
    }

    /** @param offsetMillis node clock minus this machine's clock; @param boundMillis the offset's error bound */
    public record Offset(double offsetMillis, double boundMillis) {
    }

    public static Map<String, Offset> measure(List<String> nodes, Function<String, Remote> remotes) {
        return OnEachNode.apply(nodes, n -> measure(remotes.apply(n)));
    }

    static Offset measure(Remote node) {
        node.run("true", Duration.ofSeconds(30)); // connection set up outside the measurement
        Offset best = null;
        for (int i = 0; i < TRIES; i++) {
            long before = nowNanos();
            String out = node.run("date +%s%N", Duration.ofSeconds(30)).stdout().strip();
            long after = nowNanos();
            long remote = Long.parseLong(out);
            Offset o = new Offset((remote - (before + after) / 2.0) / 1e6, (after - before) / 2e6);
            if (best == null || o.boundMillis() < best.boundMillis()) {
                best = o;
            }
        }
        return best;
    }

    private static long nowNanos() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
