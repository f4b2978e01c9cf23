package io.streamscale.results;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How a report is computed. Defaults: 10-second windows (the seed's), the manifest's warm-up left out, the
 * {@link Sustainability.Thresholds#DEFAULT} thresholds, a run invalid when a generator's p99 behind-schedule exceeds
 * 1 s, DuckDB limited to a quarter of this machine's memory (at least 1 GB: {@link #defaultMemory()}), a run flagged when a clock-offset bound exceeds 5% of its mean event latency,
 * a machine busy with other work (or its hypervisor) for more than 10% of its cores not let decide that the system fell
 * behind.
 *
 * @param maxBehind     the most a generator may fall behind its schedule (p99) for the run to measure the pipeline
 * @param maxClockShare the widest clock-offset bound, as a share of the steady mean event latency, before the run is
 *                      flagged (latencies that mix nodes' clocks are uncertain by the bound)
 * @param plots     draw the plots and the HTML pages (off: windows.csv, report.json and the tables only)
 * @param maxOtherShare the share of a machine's cores that other work and the hypervisor may take over the steady state
 *                      before a run that fell behind there is inconclusive rather than unsustainable
 */
public record ReportOptions(
        Duration window,
        SteadyState.Trim trim,
        Sustainability.Thresholds thresholds,
        Duration maxBehind,
        String memoryLimit,
        boolean plots,
        double maxClockShare,
        double maxOtherShare) {
    public static final ReportOptions DEFAULT = new ReportOptions(
            Duration.ofSeconds(10),
            SteadyState.Trim.MANIFEST,
            Sustainability.Thresholds.DEFAULT,
            Duration.ofSeconds(1),
            defaultMemory(),
            true,
            0.05,
            0.10);

    /**
     * DuckDB's memory before it spills: a quarter of this machine's physical memory, at least 1 GB. The analysis runs
     * once the run's daemons are gone (on its node, or here in local mode); 1 GB spilled a 50-million-row ramp run out of
     * memory (docs/measurements.md, report time).
     */
    public static String defaultMemory() {
        long bytes = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getTotalMemorySize()
                : 0;
        return Math.max(1024, bytes / 4 / (1 << 20)) + "MB";
    }
}
