package io.streamscale.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.fault.FaultLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fault cost, from windowed event latency (by generator time) and the fault log: per successful strike, the
 * pre-fault mean (windows wholly after the warm-up and before the strike), the peak after it (highest window mean and
 * highest single latency), and the recovery time: from the strike to the end of the first window from which every
 * window until the next strike (or the end) is back within the band — {@value #BAND_FACTOR}x the pre-fault mean plus
 * {@value #BAND_SLACK_SECONDS} s. Null when it never gets back.
 */
public final class Recovery {
    static final double BAND_FACTOR = 1.2;
    static final double BAND_SLACK_SECONDS = 0.1;

    private Recovery() {}

    /** One window: start in epoch milliseconds, its message count, mean and max event latency in seconds. */
    public record Window(long startMillis, long count, double mean, double max) {
        /** The report's window, by its event latency. */
        static Window of(io.streamscale.results.Window w) {
            return new Window(
                    w.startMicros() / 1000,
                    w.rows(),
                    w.event().mean(),
                    w.event().max());
        }
    }

    /** One strike: when (epoch ms), what (for the report), and when the load started (epoch ms). */
    public record Strike(long atMillis, String what, long loadStartMillis) {}

    /** @param windowMillis the windows' width */
    public static ArrayNode compute(List<Window> windows, long windowMillis, List<Strike> strikes, long warmupMillis) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < strikes.size(); i++) {
            Strike s = strikes.get(i);
            long until = i + 1 < strikes.size() ? strikes.get(i + 1).atMillis() : Long.MAX_VALUE;
            long steadyFrom = s.loadStartMillis() + warmupMillis;
            double sum = 0;
            long n = 0;
            for (Window w : windows) {
                if (w.count() > 0 && w.startMillis() >= steadyFrom && w.startMillis() + windowMillis <= s.atMillis()) {
                    sum += w.mean() * w.count();
                    n += w.count();
                }
            }
            ObjectNode r = out.addObject();
            r.put("fault", s.what());
            r.put("at", Instant.ofEpochMilli(s.atMillis()).toString());
            List<Window> after = new ArrayList<>();
            for (Window w : windows) {
                if (w.count() > 0 && w.startMillis() + windowMillis > s.atMillis() && w.startMillis() < until) {
                    after.add(w);
                }
            }
            r.put(
                    "peakWindowMeanSeconds",
                    after.stream().mapToDouble(Window::mean).max().orElse(Double.NaN));
            r.put("peakSeconds", after.stream().mapToDouble(Window::max).max().orElse(Double.NaN));
            if (n == 0) {
                r.putNull("preFaultMeanSeconds");
                r.putNull("recoverySeconds");
                r.put("note", "no steady-state window before the strike: no pre-fault mean to recover to");
                continue;
            }
            double pre = sum / n;
            double band = pre * BAND_FACTOR + BAND_SLACK_SECONDS;
            r.put("preFaultMeanSeconds", pre);
            r.put("bandSeconds", band);
            Double recovered = null;
            for (int k = 0; k < after.size(); k++) {
                boolean allIn = true;
                for (Window w : after.subList(k, after.size())) {
                    allIn &= w.mean() <= band;
                }
                if (allIn) {
                    long endMs = after.get(k).startMillis() + windowMillis;
                    recovered = Math.max(0, endMs - s.atMillis()) / 1000.0;
                    break;
                }
            }
            if (recovered == null) {
                r.putNull("recoverySeconds");
            } else {
                r.put("recoverySeconds", recovered);
            }
        }
        return out;
    }

    /** Successful strikes from faults.jsonl lines. */
    public static List<Strike> strikes(List<JsonNode> faultLog) {
        List<Strike> out = new ArrayList<>();
        for (JsonNode f : faultLog) {
            if (FaultLog.struck(f)) {
                long at = Instant.parse(f.path("time").asText()).toEpochMilli();
                out.add(new Strike(
                        at,
                        f.path("action").asText() + " " + f.path("service").asText() + " on "
                                + f.path("node").asText(),
                        at - f.path("sinceLoadStartMillis").asLong()));
            }
        }
        return out;
    }
}
