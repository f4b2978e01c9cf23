package io.streamscale.results;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code windows.csv}: one line per window of generator time. {@code phase} says whether the window is in the steady
 * state ({@code steady}), before it ({@code warmup}) or after the load ({@code after}); latencies in seconds, variance in
 * s², throughputs in messages per second; committed latency is when the row became readable in the output (empty where
 * the run recorded no commit times).
 */
public final class WindowsCsv {
    static final String HEADER = "start,t_seconds,phase,rows_in,rows_out,input_per_s,output_per_s," + stats("event")
            + "," + stats("processing") + "," + stats("ingest") + "," + stats("committed") + "," + stats("delivered");

    private WindowsCsv() {}

    private static String stats(String p) {
        return String.join(",", p + "_mean", p + "_variance", p + "_p50", p + "_p95", p + "_p99", p + "_max");
    }

    public static void write(Path file, List<Window> windows, SteadyState steady) {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write(HEADER + "\n");
            for (Window x : windows) {
                String phase = steady.holds(x) ? "steady" : x.startMicros() < steady.fromMicros() ? "warmup" : "after";
                w.write(String.join(
                                ",",
                                Instant.ofEpochSecond(0, x.startMicros() * 1000).toString(),
                                num(x.t()),
                                phase,
                                String.valueOf(x.rows()),
                                String.valueOf(x.outputRows()),
                                num(x.inputPerSecond()),
                                num(x.outputPerSecond()),
                                stats(x.event()),
                                stats(x.processing()),
                                stats(x.ingest()),
                                stats(x.committed()),
                                stats(x.delivered()))
                        + "\n");
            }
        } catch (IOException e) {
            throw new ResultsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String stats(LatencyStats s) {
        return String.join(
                ",", num(s.mean()), num(s.variance()), num(s.p50()), num(s.p95()), num(s.p99()), num(s.max()));
    }

    /** Empty for NaN: spreadsheets and pandas read an empty field as missing. */
    static String num(double d) {
        if (Double.isNaN(d)) {
            return "";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.valueOf((long) d)
                : String.format(Locale.ROOT, "%.6f", d);
    }
}
