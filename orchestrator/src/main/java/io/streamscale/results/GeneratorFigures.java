package io.streamscale.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What one generator instance reported: its even schedule (message i intended at start + i/rate) and how far behind
 * that schedule it sent.
 */
public record GeneratorFigures(int id, String node, double ratePerSecond, long planned, long sent, long acked, long failed,
                               long startMicros, long endMicros, long behindP99Micros, long behindMaxMicros) {

    static GeneratorFigures of(JsonNode g) {
        return new GeneratorFigures(g.path("generatorId").asInt(), g.path("node").asText(), g.path("ratePerSecond").asDouble(),
                g.path("planned").asLong(), g.path("sent").asLong(), g.path("acked").asLong(), g.path("failed").asLong(),
                g.path("startEpochMicros").asLong(), g.path("endEpochMicros").asLong(), g.path("behindScheduleMicrosP99").asLong(),
                g.path("behindScheduleMicrosMax").asLong());
    }

    /** Messages this instance sent whose intended time falls in [from, to). */
    public long sentBetween(long fromMicros, long toMicros) {
        return Math.max(0, firstAtOrAfter(toMicros) - firstAtOrAfter(fromMicros));
    }

    /** The index of the first sent message intended at or after {@code t} (by the generator's own rounding). */
    private long firstAtOrAfter(long tMicros) {
        double perMessageNanos = 1e9 / ratePerSecond;
        long i = (long) Math.max(0, Math.floor((tMicros - startMicros) * 1000.0 / perMessageNanos) - 1);
        while (i < sent && intendedMicros(i) < tMicros) {
            i++;
        }
        return Math.min(i, sent);
    }

    long intendedMicros(long i) {
        return startMicros + Math.round(i * (1e9 / ratePerSecond)) / 1000;
    }

    public static long sum(List<GeneratorFigures> gs, java.util.function.ToLongFunction<GeneratorFigures> f) {
        return gs.stream().mapToLong(f).sum();
    }
}
