package io.streamscale.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * summary.json as its readers see it ({@code run}'s printout, index.csv, a capacity probe's judgement): the accounting,
 * the whole run's and the steady state's latencies, the verdict, and why the summary may be incomplete. {@link
 * RunSummary} writes the file; {@code SummaryTest} keeps the two in step. Fields the file lacks are null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Summary(
        String status,
        Long sent,
        Long acked,
        Long failed,
        Long scoredRows,
        Long distinctMessages,
        Long duplicates,
        Long lost,
        String lostFrom,
        Long scoredNotAcked,
        Long nanPredictions,
        Latency eventLatency,
        Latency processingLatency,
        Latency committedLatency,
        Latency deliveredLatency,
        SteadyState steadyState,
        PredictionCheck predictionCheck,
        Long generatorBehindScheduleMicrosP99,
        Long generatorBehindScheduleMicrosMax,
        String summaryError,
        String notStarted,
        JsonNode rampKnee) {

    /** One latency block, in seconds, over {@code count} rows; null where there were none to take it from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Latency(long count, Double mean, Double p50, Double p99, Double max) {}

    /**
     * Who used a machine's cores over the steady state: the run (by component, when known), other work, the hypervisor.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MachineLoad(
            String machine,
            int cores,
            double busyCores,
            double runCores,
            double otherCores,
            double stealCores,
            Map<String, Double> runCoresBy) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PredictionCheck(long sampled, long mismatches) {}

    /** The steady state: what it covers, its latencies and the verdict on it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SteadyState(
            String covers,
            Latency eventLatency,
            Latency processingLatency,
            Latency committedLatency,
            Latency deliveredLatency,
            Verdict verdict,
            String verdictReason,
            String verdictCause,
            Long backlogAtSteadyStart,
            Double backlogAtSteadyStartSeconds,
            Boolean valid,
            String invalidBecause,
            List<MachineLoad> machineLoad) {
        /** Whether the verdict is {@code v}. */
        public boolean is(Verdict v) {
            return verdict == v;
        }

        /** The latency blocks by name, as summary.json and the printout name them (those the run has). */
        public List<Named> latencies() {
            return Named.of(eventLatency, committedLatency, deliveredLatency, processingLatency);
        }
    }

    /** A latency block with its name: event, committed, delivered or processing. */
    public record Named(String name, Latency latency) {
        static List<Named> of(Latency event, Latency committed, Latency delivered, Latency processing) {
            return Stream.of(
                            new Named("event", event),
                            new Named("committed", committed),
                            new Named("delivered", delivered),
                            new Named("processing", processing))
                    .filter(n -> n.latency() != null && n.latency().count() > 0)
                    .toList();
        }
    }

    /** The whole run's latency blocks (warm-up included), those the run has. */
    public List<Named> latencies() {
        return Named.of(eventLatency, committedLatency, deliveredLatency, processingLatency);
    }

    public static Summary of(JsonNode json) {
        try {
            return Json.MAPPER.treeToValue(json, Summary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("summary.json does not read as a summary: " + e.getMessage(), e);
        }
    }

    /** The summary in {@code file}, or empty when there is none (a run not analysed yet). */
    public static Optional<Summary> read(Path file) throws IOException {
        return Files.exists(file) ? Optional.of(of(Json.MAPPER.readTree(file.toFile()))) : Optional.empty();
    }
}
