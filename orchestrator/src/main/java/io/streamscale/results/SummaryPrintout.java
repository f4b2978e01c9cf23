package io.streamscale.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code run} prints when a run ends, from its summary.json: the accounting, the steady state's verdict and
 * latencies, the machines' load, the whole run's latencies when the warm-up makes them differ, the prediction check.
 */
public final class SummaryPrintout {
    private static final String[] LATENCIES = {
        "eventLatency", "committedLatency", "deliveredLatency", "processingLatency"
    };

    private SummaryPrintout() {}

    /**
     * @param notStarted the run started nothing (refused or failed before any daemon): it has no figures to print
     */
    public static void print(PrintWriter out, RunStatus status, String reason, boolean notStarted, JsonNode s) {
        out.printf("run %s%s%n", status, reason == null ? "" : ": " + reason);
        if (notStarted) { // no messages, no latencies: zeros would read as a measurement
            out.println("  nothing was started, measured or analysed");
            return;
        }
        out.printf(
                "  messages: %d sent, %d acked, %d failed; %d scored (%d distinct, %d duplicated, %d lost%s, %d NaN"
                        + " predictions%s)%n",
                s.path("sent").asLong(),
                s.path("acked").asLong(),
                s.path("failed").asLong(),
                s.path("scoredRows").asLong(),
                s.path("distinctMessages").asLong(),
                s.path("duplicates").asLong(),
                s.path("lost").asLong(),
                ReportPrintout.lostFrom(s.path("lostFrom").asText(null)),
                s.path("nanPredictions").asLong(),
                ReportPrintout.notAcked(
                        s.path("scoredNotAcked").isNumber()
                                ? s.path("scoredNotAcked").asLong()
                                : null));
        JsonNode steady = s.path("steadyState");
        if (!steady.isMissingNode()) {
            String verdict = steady.path("verdict").asText();
            String why = steady.path("verdictReason").asText("");
            out.printf(
                    "  steady state, %s: %s%s%n",
                    steady.path("covers").asText(),
                    verdict,
                    !steady.path("valid").asBoolean(true)
                            ? "; invalid: " + steady.path("invalidBecause").asText()
                            : Verdict.of(verdict) == Verdict.SUSTAINABLE || why.isEmpty()
                                    ? ""
                                    : " (" + why.split(";")[0] + ")");
            latencies(out, steady, "    ");
            steady.path("machineLoad")
                    .forEach(m -> out.printf(
                            Locale.ROOT,
                            "    cores: %s %.2f of %d busy (the run %.2f, other" + " work %.2f), hypervisor %.2f%n",
                            m.path("machine").asText(),
                            m.path("busyCores").asDouble(),
                            m.path("cores").asInt(),
                            m.path("runCores").asDouble(),
                            m.path("otherCores").asDouble(),
                            m.path("stealCores").asDouble()));
        }
        // the whole run too, when the warm-up makes it differ
        if (s.has("eventLatency")
                && s.path("eventLatency").path("count").asLong()
                        != steady.path("eventLatency").path("count").asLong()) {
            out.println("  whole run, warm-up included:");
            latencies(out, s, "    ");
        }
        JsonNode check = s.path("predictionCheck");
        if (!check.isMissingNode()) {
            out.printf(
                    "  prediction check: %d sampled rows re-computed from the model's factors, %d mismatches%n",
                    check.path("sampled").asLong(), check.path("mismatches").asLong());
        }
        out.printf(
                Locale.ROOT,
                "  generator behind schedule: p99 %.1f ms, max %.1f ms%n",
                s.path("generatorBehindScheduleMicrosP99").asLong() / 1000.0,
                s.path("generatorBehindScheduleMicrosMax").asLong() / 1000.0);
        if (s.has("summaryError")) {
            out.println("  summary incomplete: " + s.path("summaryError").asText());
        }
    }

    private static void latencies(PrintWriter out, JsonNode block, String indent) {
        for (String k : LATENCIES) {
            JsonNode l = block.path(k);
            if (l.path("count").asLong() > 0) {
                out.printf(
                        Locale.ROOT,
                        "%s%-20s mean %.3f s, p50 %.3f s, p99 %.3f s, max %.3f s%n",
                        indent,
                        k.replace("Latency", " latency") + ":",
                        l.path("mean").asDouble(),
                        l.path("p50").asDouble(),
                        l.path("p99").asDouble(),
                        l.path("max").asDouble());
            }
        }
    }
}
