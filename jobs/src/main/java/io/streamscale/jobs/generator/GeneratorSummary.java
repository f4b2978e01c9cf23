package io.streamscale.jobs.generator;

/**
 * What one generator instance did. {@code behindScheduleMicros*}: how late sends were against their due time (the
 * generator itself, not the system under test; a large p99 means the generator could not keep up).
 */
public record GeneratorSummary(int generatorId, String node, double ratePerSecond, long planned, long sent, long acked,
                               long failed, String firstError, long startEpochMicros, long endEpochMicros,
                               double achievedRatePerSecond, long behindScheduleMicrosP50, long behindScheduleMicrosP99,
                               long behindScheduleMicrosMax) {
}
