package io.streamscale.jobs.generator;

import java.util.List;

/**
 * What one generator instance did. {@code behindScheduleMicros*}: how late sends were against their due time (the
 * generator itself, not the system under test; a large p99 means the generator could not keep up).
 * {@code ratePerSecond} is the instance's rate after any ramp; {@code share} says which of the node's messages were its
 * own, so the analysis can recompute every intended time. {@code ackedRanges}: which seqs were acked, as ranges of
 * consecutive seqs (null if they could not be recorded), so the analysis can count acked messages never scored as a set.
 */
public record GeneratorSummary(
        int generatorId,
        String node,
        double ratePerSecond,
        long planned,
        long sent,
        long acked,
        long failed,
        String firstError,
        long startEpochMicros,
        long endEpochMicros,
        double achievedRatePerSecond,
        long behindScheduleMicrosP50,
        long behindScheduleMicrosP99,
        long behindScheduleMicrosMax,
        Share share,
        List<SeqRange> ackedRanges) {
    /**
     * The instance's part of its node's {@link Schedule}: its seq i is the node's message {@code i * stride + index},
     * intended at {@code nodeStartEpochMicros + offset}.
     */
    public record Share(
            long nodeStartEpochMicros,
            double nodeRatePerSecond,
            long rampMicros,
            int rampSteps,
            int index,
            int stride) {}
}
