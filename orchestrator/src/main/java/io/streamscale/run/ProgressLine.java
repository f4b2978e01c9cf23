package io.streamscale.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import java.io.IOException;
import java.util.Locale;

/**
 * The live line of a run, from the scorer's latest StreamingQueryProgress: the input rate, how fast the last batch was
 * scored (Spark's processedRowsPerSecond: its rows over its own duration, a speed while busy, not the throughput: at
 * 5000 msg/s a batch scored in 0.2 s reads 25 000) and the latest latency. The Flink scorer's lines: the job's state and
 * how fast completed checkpoints commit rows.
 */
final class ProgressLine {
    private ProgressLine() {}

    static String describe(String progressJson) {
        try {
            JsonNode p = Json.MAPPER.readTree(progressJson);
            if ("flink".equals(p.path("engine").asText())) {
                return String.format(
                        Locale.ROOT,
                        "job %s, %.0f msg/s committed by checkpoints, latency per row in the output",
                        p.path("jobStatus").asText(),
                        p.path("inputRowsPerSecond").asDouble());
            }
            JsonNode lat = p.path("observedMetrics").path("latency");
            String latency = lat.path("eventLatencyMean").isNumber()
                    ? String.format(
                            Locale.ROOT,
                            "event latency mean %.2f s, max %.2f s (batch %d)",
                            lat.path("eventLatencyMean").asDouble(),
                            lat.path("eventLatencyMax").asDouble(),
                            p.path("batchId").asLong())
                    : p.path("numInputRows").asLong() > 0
                            // only real-time mode scores rows without observed metrics (it allows none)
                            ? "latency per row in the output (real-time mode, epoch "
                                    + p.path("batchId").asLong() + ")"
                            : "no scored batch yet";
            double speed = p.path("processedRowsPerSecond").asDouble();
            return String.format(
                    Locale.ROOT,
                    "input %.0f msg/s, %s%s",
                    p.path("inputRowsPerSecond").asDouble(),
                    speed > 0
                            ? String.format(Locale.ROOT, "last batch scored at %.0f rows/s of its duration, ", speed)
                            : "",
                    latency);
        } catch (IOException e) {
            return "no progress yet";
        }
    }
}
