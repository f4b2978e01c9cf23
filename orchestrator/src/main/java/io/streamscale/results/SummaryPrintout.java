package io.streamscale.results;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code run} prints when a run ends, from its summary: the accounting, the steady state's verdict and latencies,
 * the machines' load, the whole run's latencies when the warm-up makes them differ, the prediction check.
 */
public final class SummaryPrintout {
    private SummaryPrintout() {}

    /** @param notStarted the run started nothing (refused or failed before any daemon): it has no figures to print */
    public static void print(PrintWriter out, RunStatus status, String reason, boolean notStarted, Summary s) {
        out.printf("run %s%s%n", status, reason == null ? "" : ": " + reason);
        if (notStarted) { // no messages, no latencies: zeros would read as a measurement
            out.println("  nothing was started, measured or analysed");
            return;
        }
        out.printf(
                "  messages: %d sent, %d acked, %d failed; %d scored (%d distinct, %d duplicated, %d lost%s, %d NaN"
                        + " predictions%s)%n",
                n(s.sent()),
                n(s.acked()),
                n(s.failed()),
                n(s.scoredRows()),
                n(s.distinctMessages()),
                n(s.duplicates()),
                n(s.lost()),
                ReportPrintout.lostFrom(s.lostFrom()),
                n(s.nanPredictions()),
                ReportPrintout.notAcked(s.scoredNotAcked()));
        Summary.SteadyState steady = s.steadyState();
        if (steady != null) {
            String why = steady.verdictReason() == null ? "" : steady.verdictReason();
            out.printf(
                    "  steady state, %s: %s%s%n",
                    steady.covers(),
                    steady.verdict() == null ? "" : steady.verdict(),
                    Boolean.FALSE.equals(steady.valid())
                            ? "; invalid: " + steady.invalidBecause()
                            : steady.verdict() == Verdict.SUSTAINABLE || why.isEmpty()
                                    ? ""
                                    : " (" + why.split(";")[0] + ")");
            latencies(out, steady.latencies());
            if (steady.machineLoad() != null) {
                steady.machineLoad()
                        .forEach(m -> out.printf(
                                Locale.ROOT,
                                "    cores: %s %.2f of %d busy (the run %.2f%s, other work %.2f), hypervisor %.2f%n",
                                m.machine(),
                                m.busyCores(),
                                m.cores(),
                                m.runCores(),
                                byComponent(m.runCoresBy()),
                                m.otherCores(),
                                m.stealCores()));
            }
        }
        // the whole run too, when the warm-up makes it differ
        long steadyCount = steady == null || steady.eventLatency() == null
                ? -1
                : steady.eventLatency().count();
        if (s.eventLatency() != null && s.eventLatency().count() != steadyCount) {
            out.println("  whole run, warm-up included:");
            latencies(out, s.latencies());
        }
        if (s.predictionCheck() != null) {
            out.printf(
                    "  prediction check: %d sampled rows re-computed from the model's factors, %d mismatches%n",
                    s.predictionCheck().sampled(), s.predictionCheck().mismatches());
        }
        out.printf(
                Locale.ROOT,
                "  generator behind schedule: p99 %.1f ms, max %.1f ms%n",
                n(s.generatorBehindScheduleMicrosP99()) / 1000.0,
                n(s.generatorBehindScheduleMicrosMax()) / 1000.0);
        if (s.summaryError() != null) {
            out.println("  summary incomplete: " + s.summaryError());
        }
    }

    /** ": kafka 0.21, spark 0.80, ..." largest first; "" when not known. */
    static String byComponent(Map<String, Double> by) {
        if (by == null || by.isEmpty()) {
            return "";
        }
        return ": "
                + by.entrySet().stream()
                        .filter(e ->
                                e.getValue() >= 0.005) // a component idle over the steady state (none of it running)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "));
    }

    private static void latencies(PrintWriter out, List<Summary.Named> blocks) {
        for (Summary.Named b : blocks) {
            Summary.Latency l = b.latency();
            out.printf(
                    Locale.ROOT,
                    "    %-20s mean %.3f s, p50 %.3f s, p99 %.3f s, max %.3f s%n",
                    b.name() + " latency:",
                    l.mean(),
                    l.p50(),
                    l.p99(),
                    l.max());
        }
    }

    private static long n(Long value) {
        return value == null ? 0 : value;
    }
}
