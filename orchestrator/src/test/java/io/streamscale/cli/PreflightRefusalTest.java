package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import io.streamscale.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After preflight refuses a run's nodes nothing more is done: no analysis of it, no further run, no report of none. */
class PreflightRefusalTest {
    @Test
    void aStudyWhoseFirstRunPreflightRefusesStartsNoOtherAnalysesNothingAndReportsNothing(@TempDir Path tmp)
            throws Exception {
        Path m = Files.writeString(tmp.resolve("m.yaml"), """
                experiments:
                  nojava:
                    duration: 30s
                    repetitions: 3
                    scheduler: {backend: local, javaHome: /nonexistent/jdk}
                """);
        Cli.Result r =
                Cli.run("run", m.toString(), "--results", tmp.resolve("results").toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("no executable /nonexistent/jdk/bin/java"), r.out());
        assertEquals(2, r.out().split("not started: preflight refused ", -1).length - 1, r.out());
        assertTrue(r.out().contains("report: not made: no run completed"), r.out());
        assertTrue(r.out().contains("0 of 3 runs complete"), r.out());

        Path first = tmp.resolve("results/nojava/k1s1_5000ps/rep-1");
        JsonNode summary = Json.MAPPER.readTree(first.resolve("summary.json").toFile());
        assertEquals("preflight", summary.path("notStarted").asText(), summary.toString());
        assertTrue(
                summary.path("summaryError").asText().startsWith("not analysed: the run started nothing (preflight:"),
                summary.toString());
        assertFalse(summary.has("sent"), "no analysis made: " + summary);
        assertFalse(Files.exists(tmp.resolve("results/nojava/k1s1_5000ps/rep-2")), "the second run was not started");
        assertFalse(Files.exists(tmp.resolve("results/nojava/report.html")), "no report of zero runs");
    }
}
