package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.testing.Cli;
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
        for (String o : new String[] {"--kafka", "--spark", "--zookeeper", "--kafka-mode", "--state", "--hosts", "loopback"}) {
            assertTrue(r.out().contains(o), o + " in:\n" + r.out());
        }
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
}
