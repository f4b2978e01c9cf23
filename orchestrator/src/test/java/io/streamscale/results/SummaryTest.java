package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What RunSummary writes, Summary reads back: the two sides of summary.json stay in step. */
class SummaryTest {
    @TempDir
    Path tmp;

    @Test
    void aWrittenSummaryReadsBackWithTheSameFigures() throws Exception {
        RunDirectory dir = RunSummaryTest.RUN.write(tmp.resolve("run"));
        JsonNode written = RunSummary.of(dir, RunSummaryTest.model(tmp.resolve("model"), 600), 2.5);
        Summary s = Summary.of(written);

        assertEquals("complete", s.status());
        assertEquals(1500L, s.sent());
        assertEquals(1500L, s.acked());
        assertEquals(1500L, s.distinctMessages());
        assertEquals(0L, s.lost());
        assertEquals(
                written.path("eventLatency").path("mean").asDouble(),
                s.eventLatency().mean(),
                0);
        assertEquals(
                written.path("eventLatency").path("count").asLong(),
                s.eventLatency().count());
        Summary.SteadyState steady = s.steadyState();
        assertEquals(Verdict.of(written.path("steadyState").path("verdict").asText()), steady.verdict());
        assertEquals(written.path("steadyState").path("covers").asText(), steady.covers());
        assertEquals(
                written.path("steadyState").path("eventLatency").path("p99").asDouble(),
                steady.eventLatency().p99(),
                0);
        assertEquals(
                written.path("predictionCheck").path("sampled").asLong(),
                s.predictionCheck().sampled());
        assertEquals(
                written.path("predictionCheck").path("mismatches").asLong(),
                s.predictionCheck().mismatches());
        assertNull(s.summaryError(), s.summaryError());
        assertEquals(
                List.of("event", "processing"),
                steady.latencies().stream().map(Summary.Named::name).toList(),
                "a Parquet run without commit times has event and processing latencies");
    }

    @Test
    void thePrintoutShowsTheSummarysFigures() throws Exception {
        RunDirectory dir = RunSummaryTest.RUN.write(tmp.resolve("run"));
        Summary s = Summary.of(RunSummary.of(dir, null, 2.5));
        StringWriter text = new StringWriter();
        SummaryPrintout.print(new PrintWriter(text), RunStatus.COMPLETE, null, false, s);
        String out = text.toString();
        assertTrue(
                out.startsWith("run complete\n  messages: 1500 sent, 1500 acked, 0 failed; 1500 scored (1500 distinct"),
                out);
        assertTrue(
                out.contains("    event latency:       mean "
                        + String.format(
                                java.util.Locale.ROOT,
                                "%.3f",
                                s.steadyState().eventLatency().mean())),
                out);
        assertTrue(out.contains("  whole run, warm-up included:"), "the warm-up makes the whole run differ:\n" + out);
    }
}
