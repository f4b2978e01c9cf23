package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.results.SyntheticRun;
import io.streamscale.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void reportsARunAndSaysWhereTheReportIs() throws Exception {
        Path run = tmp.resolve("run");
        SyntheticRun.flat(6000, 100).write(run);
        Cli.Result r = Cli.run("report", run.toString(), "--window", "5s");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("synthetic") && r.out().contains("sustainable   event 1.50"), r.out());
        assertTrue(r.out().contains("report: " + run.resolve("report/index.html")), r.out());
        assertTrue(Files.exists(run.resolve("report/plots/run-synthetic-latency.svg")), "a single run's own plots");
        assertTrue(Files.readString(run.resolve("report.json")).contains("\"windowSeconds\" : 5.0"));
    }

    @Test
    void runsThatCannotBeReadAreNamedTheRestReportedAndTheExitIsOne() throws Exception {
        Path results = tmp.resolve("results");
        SyntheticRun.flat(6000, 100).in("e", "good", 1, 10).write(results.resolve("e/good/rep-1"));
        Path broken = Files.createDirectories(results.resolve("e/broken/rep-1"));
        Files.writeString(broken.resolve("run.json"), "{ not json");
        // an interrupted run that scored nothing: reported as invalid, no plot of nothing
        Path empty = Files.createDirectories(results.resolve("e/empty/rep-1"));
        Files.writeString(
                empty.resolve("run.json"),
                "{\"run\":\"rep-1\",\"status\":\"interrupted\",\"reason\":\"Ctrl-C\","
                        + "\"start\":\"2026-01-01T00:00:00Z\",\"parameters\":{\"kafka\":1,\"spark\":1,\"rate\":100,\"duration\":60,\"warmup\":0},"
                        + "\"experiment\":\"e\",\"cell\":\"empty\",\"repetition\":1}");
        Cli.Result r = Cli.run("report", results.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("could not be read: cannot read " + broken.resolve("run.json")), r.out());
        assertTrue(r.out().contains("invalid: the run is interrupted (Ctrl-C); no generator summaries"), r.out());
        String index = Files.readString(results.resolve("report/index.html"));
        assertTrue(index.contains("Runs that could not be read") && index.contains(broken.toString()), index);
        assertTrue(Files.readString(results.resolve("report/experiment-e.html")).contains("e/empty/rep-1"));
    }

    @Test
    void aMissingPathOrABadOptionIsAClearError() {
        Cli.Result missing = Cli.run("report", tmp.resolve("nope").toString());
        assertEquals(2, missing.exit());
        assertEquals(
                "error: " + tmp.resolve("nope") + " does not exist",
                missing.err().strip());
        Cli.Result trim = Cli.run("report", tmp.toString(), "--trim", "half");
        assertEquals(2, trim.exit());
        assertTrue(trim.err().contains("--trim") && trim.err().contains("MANIFEST, SEED"), trim.err());
        Cli.Result memory = Cli.run("report", tmp.toString(), "--memory", "lots");
        assertEquals(2, memory.exit());
        assertTrue(memory.err().contains("--memory takes a size such as 512MB or 2GB, got 'lots'"), memory.err());
        Cli.Result help = Cli.run("report", "--help");
        assertTrue(help.out().contains("--max-latency-slope") && help.out().contains("windows.csv"), help.out());
    }
}
