package io.streamscale.results;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Whether a run's load was sustainable: over the steady state, the windowed mean event latency has no continuing upward
 * trend and the backlog does not grow. A trend counts when its least-squares slope is beyond the threshold AND at
 * least {@value #MIN_T} standard errors from zero (noise alone does not decide a verdict). Latency slope in seconds per
 * second; backlog growth in messages per second, as a fraction of the offered rate.
 *
 * <p>In this order: {@code invalid} when the run measured nothing to judge (it did not complete, no generator reported);
 * {@code inconclusive} for a fault run (its recovery table is the answer) or with too few windows;
 * {@code unsustainable} when latency keeps rising or the backlog grows (however large the latency, and also when the
 * generator fell behind: latency counts from each message's intended time, so a run far above capacity is unsustainable
 * every time, whether the broker pushed back on the producers or the machine could not both offer and score the load;
 * the reason then says the generator fell behind too); {@code invalid} when the generator fell behind and nothing rose
 * (the system was not offered the planned load); {@code inconclusive} instead of unsustainable when other work or the
 * hypervisor took more of a machine than the limit meanwhile; {@code inconclusive} when the steady state still carries an earlier
 * backlog (latency falling, or a backlog of {@value #DRAINING_SECONDS} s of load or more at its start that shrinks: the
 * system took the load and more, {@link #sustained()}) or when its latency is a large part of its length (a start-up
 * that long cannot be told from a trend); otherwise {@code sustainable}. {@link #cause()} names which inconclusive case it was.
 */
public record Sustainability(
        Verdict verdict,
        String reason,
        LinearFit latencyTrend,
        LinearFit backlogTrend,
        double backlogGrowthFraction,
        long backlogAtStart,
        long backlogAtEnd,
        String cause) {
    /** {@link #cause()} of an inconclusive verdict whose latency is too long for the steady state to judge: a longer run could tell, the same run again cannot. */
    public static final String LATENCY_SHARE = "latency-share";
    /**
     * {@link #cause()} of an inconclusive verdict whose latency is too long for the steady state to judge a trend, but
     * whose backlog did not grow faster than the limit: the scorer took the load, in long batches.
     */
    public static final String LATENCY_SHARE_BACKLOG_FLAT = "latency-share-backlog-flat";
    /** {@link #cause()} of an inconclusive verdict whose latency fell over the steady state: a backlog draining while the full load was taken. */
    public static final String FALLING = "latency-falling";
    /**
     * {@link #cause()} of an inconclusive verdict whose latency rose or backlog grew while other work (or the hypervisor)
     * took more of a machine than the limit: what fell behind may have been the machine, not the system.
     */
    public static final String MACHINE_BUSY = "machine-busy";
    /** {@link #cause()} of an inconclusive verdict whose steady state began with a backlog that then drained. */
    public static final String DRAINING = "backlog-draining";

    static final double MIN_T = 2.0;
    static final int MIN_WINDOWS = 3;
    /** A backlog of this many seconds of the offered load at the steady state's start is one still draining. */
    static final double DRAINING_SECONDS = 5;

    /**
     * Whether the load was taken, the backlog not growing: sustainable, or inconclusive only because a backlog from
     * before the steady state drained during it (the system scored faster than the offered rate) or because the latency
     * is too long to judge a trend while the backlog stayed within the limit. What capacity counts as sustained; the
     * latency it took is the run's, and the report's capacity table gives the loads sustained within 1, 2 and 5 s.
     */
    public boolean sustained() {
        return verdict == Verdict.SUSTAINABLE
                || (verdict == Verdict.INCONCLUSIVE
                        && (FALLING.equals(cause)
                                || DRAINING.equals(cause)
                                || LATENCY_SHARE_BACKLOG_FLAT.equals(cause)));
    }

    /**
     * The documented thresholds (report options).
     *
     * @param maxLatencyShare the steady mean event latency, as a share of the steady state's length, above which the
     *                        run is too short to judge
     */
    public record Thresholds(double maxLatencySlope, double maxBacklogGrowth, double maxLatencyShare) {
        public static final Thresholds DEFAULT = new Thresholds(0.01, 0.01, 0.10);
    }

    /**
     * @param steadySeconds the steady state's length
     * @param faultsStruck  how many fault strikes struck during the load
     * @param notMeasured   why the run measured nothing to judge, or null
     * @param loadShort     how the generators fell short of the planned load, or null
     * @param machineBusy which machine other work (or its hypervisor) took more of than the limit over the steady state,
     *                    or null: a run that fell behind on such a machine is inconclusive ({@link #MACHINE_BUSY}); one
     *                    that kept up there is sustainable all the same (the other work only made it harder)
     */
    public static Sustainability judge(
            List<Window> steadyWindows,
            List<Backlog.Point> steadyBacklog,
            double offeredRate,
            double steadySeconds,
            int faultsStruck,
            Thresholds t,
            String notMeasured,
            String loadShort,
            String machineBusy) {
        double[] x = new double[steadyWindows.size()];
        double[] y = new double[steadyWindows.size()];
        double weighted = 0;
        long rows = 0;
        for (int i = 0; i < x.length; i++) {
            Window w = steadyWindows.get(i);
            x[i] = w.t();
            y[i] = w.event().mean();
            weighted += w.event().mean() * w.rows();
            rows += w.rows();
        }
        double meanLatency = rows > 0 ? weighted / rows : Double.NaN;
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
        long b1 = steadyBacklog.isEmpty()
                ? 0
                : steadyBacklog.get(steadyBacklog.size() - 1).backlog();
        BiFunction<Verdict, String, Sustainability> verdict =
                (v, why) -> new Sustainability(v, why, lat, back, growth, b0, b1, null);
        if (notMeasured != null) {
            return verdict.apply(Verdict.INVALID, notMeasured);
        }
        if (faultsStruck > 0) {
            return verdict.apply(
                    Verdict.INCONCLUSIVE,
                    "a fault run (" + faultsStruck + " strike(s)): its recovery table is the answer;"
                            + " sustainability is judged on runs without faults");
        }
        if (steadyWindows.size() < MIN_WINDOWS) {
            return verdict.apply(
                    Verdict.INCONCLUSIVE,
                    "only " + steadyWindows.size() + " steady-state window(s); a trend needs " + MIN_WINDOWS
                            + " (run longer, or use shorter windows)");
        }
        boolean latencyRises = lat.slope() > t.maxLatencySlope() && lat.tStatistic() >= MIN_T;
        // far above capacity, batches of tens of seconds leave too few points for a t-test: a backlog that grew by
        // more than DRAINING_SECONDS of load from first point to last, faster than the limit, grows all the same
        double spanSeconds = steadyBacklog.size() < 2
                ? 0
                : (steadyBacklog.get(steadyBacklog.size() - 1).atMicros()
                                - steadyBacklog.get(0).atMicros())
                        / 1e6;
        boolean grewByMuch = offeredRate > 0
                && spanSeconds > 0
                && b1 - b0 >= offeredRate * DRAINING_SECONDS
                && (b1 - b0) / spanSeconds / offeredRate > t.maxBacklogGrowth();
        boolean backlogGrows =
                grewByMuch || (back.n() >= MIN_WINDOWS && growth > t.maxBacklogGrowth() && back.tStatistic() >= MIN_T);
        String figures = String.format(
                Locale.ROOT,
                "event latency slope %+.4f s/s (limit %.4f), backlog %+.1f msg/s = %+.2f%% of the offered rate (limit %.2f%%)",
                lat.slope(),
                t.maxLatencySlope(),
                back.slope(),
                growth * 100,
                t.maxBacklogGrowth() * 100);
        if (latencyRises || backlogGrows) {
            String what = latencyRises && backlogGrows
                    ? "latency keeps rising and the backlog grows"
                    : latencyRises ? "latency keeps rising" : "the backlog grows";
            if (machineBusy != null) {
                return new Sustainability(
                        Verdict.INCONCLUSIVE,
                        what + ", but " + machineBusy + ": the system may have fallen behind"
                                + " the other work, not the load (run it again on a quiet machine); " + figures,
                        lat,
                        back,
                        growth,
                        b0,
                        b1,
                        MACHINE_BUSY);
            }
            return verdict.apply(
                    Verdict.UNSUSTAINABLE,
                    what + ": " + figures
                            + (loadShort == null
                                    ? ""
                                    : "; " + loadShort
                                            + " (latency counts from the intended send times, so the lag is part of it)"));
        }
        if (loadShort != null) {
            return verdict.apply(
                    Verdict.INVALID, loadShort + ": the system was not offered the planned load; " + figures);
        }
        if (lat.slope() < -t.maxLatencySlope() && lat.tStatistic() <= -MIN_T) {
            return new Sustainability(
                    Verdict.INCONCLUSIVE,
                    "event latency still falling over the steady state: a backlog from before it"
                            + " was draining (lengthen the warm-up); " + figures,
                    lat,
                    back,
                    growth,
                    b0,
                    b1,
                    FALLING);
        }
        if (offeredRate > 0 && b0 >= offeredRate * DRAINING_SECONDS && b1 < b0 / 2) {
            return new Sustainability(
                    Verdict.INCONCLUSIVE,
                    String.format(
                            Locale.ROOT,
                            "the steady state starts with a backlog of %d"
                                    + " messages (%.1f s of load) still draining (%d at its end): lengthen the warm-up; %s",
                            b0,
                            b0 / offeredRate,
                            b1,
                            figures),
                    lat,
                    back,
                    growth,
                    b0,
                    b1,
                    DRAINING);
        }
        if (steadySeconds > 0 && meanLatency > t.maxLatencyShare() * steadySeconds) {
            return new Sustainability(
                    Verdict.INCONCLUSIVE,
                    String.format(
                            Locale.ROOT,
                            "the mean event latency (%.1f s) is %.0f%% of the"
                                    + " %.0f s steady state (limit %.0f%%): too short to tell a continuing rise from a start-up; run at least"
                                    + " %.0f s; %s",
                            meanLatency,
                            100 * meanLatency / steadySeconds,
                            steadySeconds,
                            100 * t.maxLatencyShare(),
                            Math.ceil(meanLatency / t.maxLatencyShare()),
                            figures),
                    lat,
                    back,
                    growth,
                    b0,
                    b1,
                    growth <= t.maxBacklogGrowth() ? LATENCY_SHARE_BACKLOG_FLAT : LATENCY_SHARE);
        }
        return verdict.apply(
                Verdict.SUSTAINABLE,
                "no continuing rise" + (machineBusy == null ? "" : " although " + machineBusy) + ": " + figures);
    }
}
