package io.streamscale.results;

import java.util.List;

/**
 * Whether a run's load was sustainable: over the steady state, the windowed mean event latency has no continuing upward
 * trend and the backlog does not grow. A trend counts when its least-squares slope is above the threshold AND at
 * least {@value #MIN_T} standard errors above zero (noise alone does not make a run unsustainable). Latency slope in
 * seconds per second; backlog growth in messages per second, as a fraction of the offered rate.
 *
 * @param verdict sustainable, unsustainable, undetermined (too few windows) or invalid (the run did not measure the
 *                pipeline: the generator fell behind, or the run did not complete)
 */
public record Sustainability(String verdict, String reason, LinearFit latencyTrend, LinearFit backlogTrend,
                             double backlogGrowthFraction, long backlogAtStart, long backlogAtEnd) {
    static final double MIN_T = 2.0;
    static final int MIN_WINDOWS = 3;

    /** The documented thresholds (report options). */
    public record Thresholds(double maxLatencySlope, double maxBacklogGrowth) {
        public static final Thresholds DEFAULT = new Thresholds(0.01, 0.01);
    }

    public static Sustainability judge(List<Window> steadyWindows, List<Backlog.Point> steadyBacklog, double offeredRate,
                                       Thresholds t, String invalidBecause) {
        double[] x = new double[steadyWindows.size()];
        double[] y = new double[steadyWindows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = steadyWindows.get(i).t();
            y[i] = steadyWindows.get(i).event().mean();
        }
        LinearFit lat = LinearFit.of(x, y);
        double[] bx = new double[steadyBacklog.size()];
        double[] by = new double[steadyBacklog.size()];
        for (int i = 0; i < bx.length; i++) {
            bx[i] = steadyBacklog.get(i).atMicros() / 1e6;
            by[i] = steadyBacklog.get(i).backlog();
        }
        LinearFit back = LinearFit.of(bx, by);
        double growth = offeredRate > 0 ? back.slope() / offeredRate : Double.NaN;
        long b0 = steadyBacklog.isEmpty() ? 0 : steadyBacklog.get(0).backlog();
        long b1 = steadyBacklog.isEmpty() ? 0 : steadyBacklog.get(steadyBacklog.size() - 1).backlog();
        if (invalidBecause != null) {
            return new Sustainability("invalid", invalidBecause, lat, back, growth, b0, b1);
        }
        if (steadyWindows.size() < MIN_WINDOWS) {
            return new Sustainability("undetermined", "only " + steadyWindows.size() + " steady-state window(s); a trend needs "
                    + MIN_WINDOWS, lat, back, growth, b0, b1);
        }
        boolean latencyRises = lat.slope() > t.maxLatencySlope() && lat.tStatistic() >= MIN_T;
        boolean backlogGrows = back.n() >= MIN_WINDOWS && growth > t.maxBacklogGrowth() && back.tStatistic() >= MIN_T;
        String figures = String.format(java.util.Locale.ROOT, "event latency slope %+.4f s/s (limit %.4f), backlog %+.1f msg/s = %+.2f%% of the offered rate (limit %.2f%%)",
                lat.slope(), t.maxLatencySlope(), back.slope(), growth * 100, t.maxBacklogGrowth() * 100);
        if (latencyRises || backlogGrows) {
            String what = latencyRises && backlogGrows ? "latency keeps rising and the backlog grows"
                    : latencyRises ? "latency keeps rising" : "the backlog grows";
            return new Sustainability("unsustainable", what + ": " + figures, lat, back, growth, b0, b1);
        }
        return new Sustainability("sustainable", "no continuing rise: " + figures, lat, back, growth, b0, b1);
    }
}
