package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.common.Json;
import io.streamscale.jobs.scorer.OutputSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json from the report's own analysis: known counts, invariants, whole-run and steady latencies, the prediction check. */
class RunSummaryTest {
    /** 15 s at 100 msg/s; the first 5 s (the warm-up) at 3.0 s, then 1.0..1.9 s; every prediction 3.5. */
    static final SyntheticRun RUN = SyntheticRun.flat(1500, 100)
            .generators(2)
            .withLatency("CASE WHEN t < 5 THEN 3.0 ELSE 1 + (i % 10) * 0.1 END", "ev / 2")
            .in("e", "c", 1, 5);

    @TempDir
    Path tmp;

    @Test
    void theSummarySaysWhatEachLatencyCoversAndChecksEveryRow() throws Exception {
        RunDirectory dir = RUN.write(tmp.resolve("run"));
        Path model = model(tmp.resolve("model"), 600);
        JsonNode s = RunSummary.of(dir, model, 2.5);

        assertEquals("complete", s.path("status").asText());
        assertEquals(1500, s.path("sent").asLong());
        assertEquals(1500, s.path("acked").asLong());
        assertEquals(1500, s.path("scoredRows").asLong());
        assertEquals(1500, s.path("distinctMessages").asLong());
        assertEquals(0, s.path("lost").asLong());
        assertEquals(0, s.path("duplicates").asLong());
        assertEquals(2, s.path("generatorInstances").asLong());
        assertEquals(2.5, s.path("drainSeconds").asDouble());
        List<String> columns = new ArrayList<>();
        s.path("columns").forEach(c -> columns.add(c.asText()));
        assertEquals(OutputSchema.all(), columns, "a synthetic run has the scorer's columns, in its order");
        assertEquals(0, s.path("nonPositiveEventLatencies").asLong());
        assertEquals(0, s.path("processedBeforeSparkStart").asLong());
        assertEquals(0, s.path("eventLatencyInconsistent").asLong());

        JsonNode whole = s.path("eventLatency");
        assertEquals(RunSummary.WHOLE_RUN, whole.path("covers").asText());
        assertEquals(1500, whole.path("count").asLong());
        assertEquals((500 * 3.0 + 1000 * 1.45) / 1500, whole.path("mean").asDouble(), 1e-9);
        assertEquals(1.0, whole.path("min").asDouble(), 1e-9);
        assertEquals(3.0, whole.path("max").asDouble(), 1e-9);
        JsonNode steady = s.path("steadyState");
        assertTrue(steady.path("covers").asText().contains("warm-up"), steady.toString());
        assertEquals(1000, steady.path("eventLatency").path("count").asLong(), "the 5 s warm-up left out");
        assertEquals(1.45, steady.path("eventLatency").path("mean").asDouble(), 1e-9);
        assertEquals(0.725, steady.path("processingLatency").path("mean").asDouble(), 1e-9);
        assertEquals(
                "inconclusive",
                steady.path("verdict").asText(),
                "10 s of steady state hold no whole 10 s window: " + steady);
        assertTrue(steady.path("verdictReason").asText().contains("a trend needs 3"), steady.toString());
        assertTrue(steady.path("valid").asBoolean());
        assertTrue(steady.path("backlogAtSteadyStart").isNumber(), steady.toString());
        assertEquals(
                steady.path("backlogAtSteadyStart").asDouble() / 100,
                steady.path("backlogAtSteadyStartSeconds").asDouble(),
                1e-9,
                "in seconds of the 100 msg/s offered");

        // users 600..670 are unknown to the model: their 3.5 should have been NaN (142 of the 1500 rows, all sampled)
        assertEquals(1500, s.path("predictionCheck").path("sampled").asLong());
        assertEquals(142, s.path("predictionCheck").path("mismatches").asLong());
        assertFalse(s.has("incomplete"), s.toString());

        JsonNode allKnown = RunSummary.of(dir, model(tmp.resolve("model-all"), 671), null);
        assertEquals(0, allKnown.path("predictionCheck").path("mismatches").asLong(), "3.5 = 1x2 + 1x1.5, exactly");
        assertFalse(allKnown.has("drainSeconds"));
    }

    @Test
    void withoutAModelTheSummaryIsMarkedIncomplete() {
        RunDirectory dir = RUN.write(tmp.resolve("run"));
        JsonNode s = RunSummary.of(dir, null, null);
        assertEquals(1500, s.path("distinctMessages").asLong(), "the accounting is still there");
        assertTrue(s.path("summaryError").asText().contains("no prediction check"), s.toString());
        assertTrue(s.path("incomplete").asBoolean());
    }

    /** An ALS model's factor tables: users 0..users-1 with (1, 1), every movie with (2, 1.5). */
    static Path model(Path dir, int users) throws Exception {
        Files.createDirectories(dir.resolve("als/userFactors"));
        Files.createDirectories(dir.resolve("als/itemFactors"));
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = db.createStatement()) {
            s.execute(
                    "COPY (SELECT CAST(i AS INTEGER) AS id, [CAST(1 AS FLOAT), CAST(1 AS FLOAT)] AS features FROM range("
                            + users + ") r(i)) TO '" + dir.resolve("als/userFactors/part-00000.parquet")
                            + "' (FORMAT parquet)");
            s.execute(
                    "COPY (SELECT CAST(i AS INTEGER) AS id, [CAST(2 AS FLOAT), CAST(1.5 AS FLOAT)] AS features FROM range(9066) r(i)) TO '"
                            + dir.resolve("als/itemFactors/part-00000.parquet") + "' (FORMAT parquet)");
        }
        return dir;
    }

    @Test
    void theFirstMeasuredBatchIsSetAgainstTheMedianOfThoseAfterIt() throws Exception {
        SyntheticRun run = SyntheticRun.flat(6000, 100).in("e", "c", 1, 20);
        RunDirectory dir = run.write(tmp.resolve("batches"));
        Instant start = Instant.ofEpochSecond(0, run.startMicros() * 1000);
        StringBuilder progress = new StringBuilder();
        int[][] batches = {
            {5, 9000, 500}, {19, 4000, 900}, {21, 3000, 700}, {22, 1000, 800}, {23, 1200, 650}, {24, 900, 0}
        };
        for (int[] b : batches) { // seconds after the load start, duration in ms, rows
            progress.append("{\"timestamp\":\"")
                    .append(start.plusSeconds(b[0]))
                    .append("\",\"batchDuration\":")
                    .append(b[1])
                    .append(",\"numInputRows\":")
                    .append(b[2])
                    .append("}\n");
        }
        Files.writeString(dir.progress(), progress);
        ObjectNode steady = Json.MAPPER.createObjectNode();
        RunSummary.batches(RunInputs.read(dir), run.startMicros() + 20_000_000, steady);
        assertEquals(
                3.0,
                steady.path("firstBatchSeconds").asDouble(),
                1e-9,
                "the first batch starting in the steady state, with rows");
        assertEquals(1.2, steady.path("medianBatchSeconds").asDouble(), 1e-9, "median of 1.0 and 1.2: the upper one");
    }
}
