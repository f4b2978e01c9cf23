package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.RemoteException;
import io.streamscale.results.RunDirectory;
import io.streamscale.testing.RecordingRemote;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis a front-end hands to a node: the command it runs there, and what comes back when it works or fails. */
class NodeAnalystTest {
    @TempDir
    Path tmp;

    @Test
    void theNodeRunsTheHomesLauncherOnTheSitesJdkWithoutBuildingAndTheSummaryItWroteIsRead() throws Exception {
        RunDirectory run = new RunDirectory(tmp.resolve("results/e/k1s1/rep-1"));
        Files.createDirectories(run.root());
        RecordingRemote n1 = new RecordingRemote("n1", c -> {
            try { // the node writes summary.json beside run.json (the filesystem is shared)
                Files.writeString(run.summaryJson(), "{\"lost\": 0, \"analysedOn\": {\"node\": \"n1\"}}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ExecResult(0, "summary: ...", "");
        });
        ObjectNode s = new NodeAnalyst(n1, Path.of("/scratch/me/streamscale"), "/scratch/me/jdk-17")
                .summarize(run, Path.of("/home/me/.streamscale/models/abc"), 2.5);
        assertEquals(
                List.of(
                        "cd / && JAVA_HOME=/scratch/me/jdk-17 STREAMSCALE_NO_BUILD=1 /scratch/me/streamscale/bin/streamscale analyse "
                                + run.root()
                                + " --node n1 --model /home/me/.streamscale/models/abc --drain-seconds 2.500"),
                n1.commands);
        assertEquals(0, s.path("lost").asInt());
        assertEquals("n1", s.path("analysedOn").path("node").asText());
    }

    @Test
    void aFailedAnalysisIsSaidInTheSummaryWithTheCommandThatMakesItLaterAndIsNotRedoneHere() {
        RunDirectory run = new RunDirectory(tmp.resolve("rep-1"));
        RecordingRemote n1 =
                new RecordingRemote("n1", c -> new ExecResult(1, "", "Exception in thread main\nerror: no run.json\n"));
        ObjectNode s = new NodeAnalyst(n1, tmp, "/jdk").summarize(run, null, null);
        assertEquals(1, n1.commands.size());
        assertFalse(
                n1.commands.get(0).contains("--model") || n1.commands.get(0).contains("--drain-seconds"),
                n1.commands.get(0));
        assertTrue(s.path("incomplete").asBoolean());
        assertEquals(
                "the analysis on n1 failed (exit 1: error: no run.json); make it on a node with: streamscale analyse "
                        + run.root().toAbsolutePath(),
                s.path("summaryError").asText());
        assertFalse(Files.exists(run.summaryJson()), "nothing analysed on this machine");
    }

    @Test
    void aNodeThatCannotBeReachedIsSaidTooAndTheReportSaysWhereItCouldNotBeMade() {
        RecordingRemote gone = new RecordingRemote("n1", c -> {
            throw new RemoteException("n1", c, -1, "n1: ssh: connection refused", null);
        });
        NodeAnalyst a = new NodeAnalyst(gone, tmp, "/jdk");
        ObjectNode s = a.summarize(new RunDirectory(tmp.resolve("rep-1")), null, null);
        assertTrue(
                s.path("summaryError").asText().startsWith("the analysis on n1 failed (n1: ssh: connection refused)"),
                s.toString());
        StringWriter printed = new StringWriter();
        a.report(tmp.resolve("results/e"), new PrintWriter(printed));
        assertEquals(
                "report: could not be made on n1 (n1: ssh: connection refused); try again on a node with: streamscale report "
                        + tmp.resolve("results/e") + "\n",
                printed.toString());
    }

    @Test
    void theReportIsTheNodesPrintout() {
        RecordingRemote n2 = new RecordingRemote(
                "n2", c -> new ExecResult(0, "  e/k1s1/rep-1  sustainable ...\nreport: /r/report/index.html\n", ""));
        StringWriter printed = new StringWriter();
        new NodeAnalyst(n2, Path.of("/h"), "/jdk").report(Path.of("/r/e"), new PrintWriter(printed));
        assertEquals(
                List.of("cd / && JAVA_HOME=/jdk STREAMSCALE_NO_BUILD=1 /h/bin/streamscale report /r/e"), n2.commands);
        assertEquals("  e/k1s1/rep-1  sustainable ...\nreport: /r/report/index.html\n", printed.toString());
    }
}
