package io.streamscale.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.cluster.ClusterState;
import io.streamscale.cluster.StateDir;
import io.streamscale.jobs.scorer.OutputSchema;
import io.streamscale.service.RunningDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every complete run must show: the accounting of its messages, and nothing left running. */
public final class RunChecks {
    /** The scorer's own definition of its output (the one list of the columns). */
    public static final List<String> COLUMNS = OutputSchema.all();

    private RunChecks() {}

    public static void assertAccountingHolds(JsonNode s, long planned) {
        assertEquals(planned, s.path("sent").asLong(), "sent");
        assertEquals(planned, s.path("acked").asLong(), "acked");
        assertEquals(0, s.path("failed").asLong(), "failed");
        assertEquals(
                s.path("acked").asLong(), s.path("distinctMessages").asLong(), "distinct (generatorId, seq) = acked");
        assertEquals(0, s.path("duplicates").asLong(), "duplicates");
        assertEquals(0, s.path("lost").asLong(), "lost");
        assertEquals("sets", s.path("lostFrom").asText(), "the generators recorded which seqs were acked");
        assertEquals(0, s.path("scoredNotAcked").asLong(-1), "every scored message was acked");
        assertEquals(0, s.path("nanPredictions").asLong(), "every id comes from the model");
        assertEquals(0, s.path("nonPositiveEventLatencies").asLong(), "every event latency > 0");
        assertEquals(0, s.path("processedBeforeSparkStart").asLong(), "ProcessedTimestamp >= timestampSpark");
        assertEquals(
                0,
                s.path("eventLatencyInconsistent").asLong(),
                "EventLatency = ProcessedTimestamp - timestampGenerator");
        assertTrue(s.path("eventLatency").path("min").asDouble() > 0);
        assertTrue(s.path("predictionCheck").path("sampled").asLong() > 100, "sampled " + s.path("predictionCheck"));
        assertEquals(
                0, s.path("predictionCheck").path("mismatches").asLong(), "predictions equal ALSModel.transform's");
        List<String> columns = new ArrayList<>();
        s.path("columns").forEach(c -> columns.add(c.asText()));
        boolean delivered = s.has("deliveredLatency"); // the Kafka sink: what the output topic's reader wrote
        List<String> expected = new ArrayList<>(COLUMNS);
        if (delivered) {
            expected.addAll(OutputSchema.DELIVERY);
        }
        assertEquals(expected, columns, "Table 1 columns, then the accounting columns");
        assertFalse(s.has("incomplete"), "complete summary");
        // every row was in a batch (epoch) whose commit the scorer saw, or reached the output topic's reader, and
        // became
        // readable after it was written
        String readable = delivered ? "deliveredLatency" : "committedLatency";
        assertEquals(
                s.path("scoredRows").asLong(), s.path(readable).path("count").asLong(), readable + " of every row");
        assertTrue(
                s.path(readable).path("mean").asDouble()
                        >= s.path("eventLatency").path("mean").asDouble(),
                "readable no sooner than written: " + s.path(readable) + " " + s.path("eventLatency"));
        assertTrue(s.path("clockCorrection").path("nodes").size() > 0, "the clock offsets applied are recorded");
    }

    public static void assertNothingRunning(Path dir) {
        ClusterState state = new StateDir(dir).load().orElseThrow();
        List<String> alive = state.daemons().stream()
                .filter(d -> Procs.running(d.pid()))
                .map(RunningDaemon::label)
                .toList();
        assertEquals(List.of(), alive);
        assertFalse(Files.exists(dir.resolve("nodes")), "local node scratch removed");
    }
}
