package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliHelpTest {
    @Test
    void topLevelHelpListsTheCommands() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.exit());
        for (String c : new String[] {"up", "status", "down"}) {
            assertTrue(r.out().matches("(?s).*\\n\\s+" + c + "\\s.*"), "lists " + c + ":\n" + r.out());
        }
    }

    @Test
    void upHelpExplainsItsOptions() {
        Cli.Result r = Cli.run("up", "--help");
        assertEquals(0, r.exit());
        for (String o :
                new String[] {"--kafka", "--spark", "--zookeeper", "--kafka-mode", "--state", "--hosts", "loopback"}) {
            assertTrue(r.out().contains(o), o + " in:\n" + r.out());
        }
    }

    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        // picocli formats descriptions with String.format: a bare % makes it print the raw text and warn on stderr
        PrintStream stderr = System.err;
        ByteArrayOutputStream warned = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warned, true, StandardCharsets.UTF_8));
        try {
            for (String c : Main.commandLine().getSubcommands().keySet()) {
                Cli.Result r = Cli.run(c, "--help");
                assertEquals(0, r.exit(), c + " --help: " + r.err());
                assertTrue(r.out().contains("Usage:"), c + " --help:\n" + r.out());
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", warned.toString(StandardCharsets.UTF_8), "picocli's warnings about the commands' help");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        Cli.Result r = Cli.run("up", "--kafka-mode", "kraft", "--zookeeper", "1", "--state", "/nonexistent/x");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--zookeeper 1 makes no sense with --kafka-mode kraft"), r.err());
        Cli.Result d = Cli.run("down", "--grace", "soon");
        assertEquals(2, d.exit());
        assertTrue(d.err().contains("'soon' is not a duration"), d.err());
    }

    @Test
    void statusWithoutAClusterSaysSoAndFails() {
        Cli.Result r = Cli.run("status", "--state", "/nonexistent/streamscale-state");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("no cluster recorded in /nonexistent/streamscale-state"), r.out());
    }

    @Test
    void trainsDefaultsAreTheSchemasSoItFillsTheCacheEntryARunLooksFor() {
        TrainCommand t = new TrainCommand();
        new picocli.CommandLine(t).parseArgs();
        io.streamscale.model.ModelSpec run = io.streamscale.model.ModelSpec.DEFAULT;
        assertEquals(run, new io.streamscale.model.ModelSpec(null, t.rank, t.iterations, t.regParam, t.seed));
    }
}
