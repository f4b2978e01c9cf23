package io.streamscale.jobs.generator;

/**
 * Splits a total load over generator instances: every instance gets the same rate, and message counts differ by at most
 * one, so the parts add up exactly to the total.
 */
public final class LoadSplit {
    private LoadSplit() {}

    public static double ratePerPart(double totalRate, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("need at least 1 generator instance, got " + parts);
        }
        return totalRate / parts;
    }

    /** Messages for part {@code index} (0-based) of {@code parts}, so that all parts sum to {@code total}. */
    public static long messagesForPart(long total, int parts, int index) {
        if (index < 0 || index >= parts) {
            throw new IllegalArgumentException("part " + index + " of " + parts);
        }
        return total / parts + (index < total % parts ? 1 : 0);
    }
}
