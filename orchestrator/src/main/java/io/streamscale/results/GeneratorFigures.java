package io.streamscale.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.jobs.generator.Schedule;
import io.streamscale.jobs.generator.SeqRange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What one generator instance reported: its part of its node's schedule and how far behind that schedule it sent.
 * Instance k of P sends the node's messages k, k + P, ...; the node's message j is intended at
 * {@code nodeStart + offset(j)}, evenly spaced at the node's rate after an optional ramp from 0, linear or in steps: the
 * generator's own {@link Schedule}.
 *
 * @param ackedRanges which seqs were acked, in order; null when the summary does not say (written before they were
 *                    recorded), and the analysis counts instead
 */
public record GeneratorFigures(
        int id,
        String node,
        double ratePerSecond,
        long planned,
        long sent,
        long acked,
        long failed,
        long startMicros,
        long endMicros,
        long behindP99Micros,
        long behindMaxMicros,
        Share share,
        List<SeqRange> ackedRanges) {

    /** The instance's part of its node's schedule: its seq i is the node's message {@code i * stride + index}. */
    public record Share(
            long nodeStartMicros, double nodeRatePerSecond, long rampMicros, int rampSteps, int index, int stride) {
        /** Microseconds after the node's start at which the node's message {@code j} is intended (as the generator rounds). */
        public long offsetMicros(long j) {
            if (!(nodeRatePerSecond > 0)) {
                return 0; // a summary without a rate (a generator that failed at once): no schedule to recompute
            }
            return new Schedule(0, nodeRatePerSecond, rampMicros * 1000, rampSteps).offsetNanos(j) / 1000;
        }
    }

    /** An instance alone on an even schedule from {@code startMicros} (no ramp). */
    public GeneratorFigures(
            int id,
            String node,
            double ratePerSecond,
            long planned,
            long sent,
            long acked,
            long failed,
            long startMicros,
            long endMicros,
            long behindP99Micros,
            long behindMaxMicros) {
        this(
                id,
                node,
                ratePerSecond,
                planned,
                sent,
                acked,
                failed,
                startMicros,
                endMicros,
                behindP99Micros,
                behindMaxMicros,
                new Share(startMicros, ratePerSecond, 0, 0, 0, 1),
                null);
    }

    static GeneratorFigures of(JsonNode g) {
        JsonNode s = g.path("share");
        long start = g.path("startEpochMicros").asLong();
        double rate = g.path("ratePerSecond").asDouble();
        Share share = s.isObject()
                ? new Share(
                        s.path("nodeStartEpochMicros").asLong(),
                        s.path("nodeRatePerSecond").asDouble(),
                        s.path("rampMicros").asLong(),
                        s.path("rampSteps").asInt(0),
                        s.path("index").asInt(),
                        s.path("stride").asInt())
                : new Share(
                        start, rate, 0, 0, 0, 1); // written before shares were recorded: an even schedule of its own
        return new GeneratorFigures(
                g.path("generatorId").asInt(),
                g.path("node").asText(),
                rate,
                g.path("planned").asLong(),
                g.path("sent").asLong(),
                g.path("acked").asLong(),
                g.path("failed").asLong(),
                start,
                g.path("endEpochMicros").asLong(),
                g.path("behindScheduleMicrosP99").asLong(),
                g.path("behindScheduleMicrosMax").asLong(),
                share,
                ranges(g.path("ackedRanges")));
    }

    private static List<SeqRange> ranges(JsonNode a) {
        if (!a.isArray()) {
            return null;
        }
        List<SeqRange> out = new ArrayList<>(a.size());
        for (JsonNode r : a) {
            out.add(new SeqRange(r.path(0).asLong(), r.path(1).asLong()));
        }
        return out;
    }

    /**
     * The acked seqs among the messages intended in [from, to): its ranges cut to the seqs sent in that interval (intended
     * times grow with seq). Null when the summary has no ranges.
     */
    public List<SeqRange> ackedBetween(long fromMicros, long toMicros) {
        if (ackedRanges == null) {
            return null;
        }
        long first = firstAtOrAfter(fromMicros);
        long last = firstAtOrAfter(toMicros) - 1;
        List<SeqRange> out = new ArrayList<>();
        for (SeqRange r : ackedRanges) {
            long from = Math.max(first, r.from());
            long to = Math.min(last, r.to());
            if (from <= to) {
                out.add(new SeqRange(from, to));
            }
        }
        return out;
    }

    /** The same figures with every time moved {@code micros} earlier: onto another clock, {@code micros} behind this one's. */
    public GeneratorFigures shifted(long micros) {
        if (micros == 0) {
            return this;
        }
        return new GeneratorFigures(
                id,
                node,
                ratePerSecond,
                planned,
                sent,
                acked,
                failed,
                startMicros - micros,
                endMicros - micros,
                behindP99Micros,
                behindMaxMicros,
                new Share(
                        share.nodeStartMicros() - micros,
                        share.nodeRatePerSecond(),
                        share.rampMicros(),
                        share.rampSteps(),
                        share.index(),
                        share.stride()),
                ackedRanges);
    }

    /** Messages this instance sent whose intended time falls in [from, to). */
    public long sentBetween(long fromMicros, long toMicros) {
        return Math.max(0, firstAtOrAfter(toMicros) - firstAtOrAfter(fromMicros));
    }

    /** The index of the first sent message intended at or after {@code t} (intended times only grow: a binary search). */
    private long firstAtOrAfter(long tMicros) {
        long lo = 0;
        long hi = sent;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (intendedMicros(mid) < tMicros) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    long intendedMicros(long i) {
        return share.nodeStartMicros() + share.offsetMicros(i * share.stride() + share.index());
    }

    public static long sum(List<GeneratorFigures> gs, ToLongFunction<GeneratorFigures> f) {
        return gs.stream().mapToLong(f).sum();
    }
}
