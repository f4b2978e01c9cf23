package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `capacity` refuses, and what --plan says, before anything is reserved or started. */
class CapacityCommandTest {
    @TempDir
    Path tmp;

    private Path manifest(String extra) throws Exception {
        return Files.writeString(tmp.resolve("m.yaml"), """
                experiments:
                  sizing:
                    warmup: 30s
                    duration: 40s
                    capacity: {from: 20000/s, max: 320000/s}
                    scheduler: {backend: local}
                """ + extra);
    }

    @Test
    void planBoundsTheProbesTimeAndNodeHoursAndStartsNothing() throws Exception {
        Cli.Result r = Cli.run(
                "capacity",
                manifest("").toString(),
                "--experiment",
                "sizing",
                "--plan",
                "--results",
                tmp.resolve("results").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("sizing/k1s1: 20000 to 320000 msg/s, up to 8 run(s)"), r.out());
        assertTrue(r.out().contains("nothing was started"), r.out());
        assertFalse(Files.exists(tmp.resolve("results")));
    }

    @Test
    void planShowsTheSearchOfAnExperimentThatSetsCapacityAndNotOfOneThatDoesNot() throws Exception {
        Path m = manifest("""
                  plain:
                    duration: 40s
                    scheduler: {backend: local}
                """);
        Cli.Result r = Cli.run("plan", m.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(
                r.out()
                        .contains("  sizing's capacity search (streamscale capacity " + m
                                + " --experiment sizing), per configuration:\n"
                                + "    k1s1: 20000 to 320000 msg/s, up to 8 run(s) of about "),
                r.out());
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*k1s1: 20000 to 320000 msg/s, up to 8 run\\(s\\) of about .* on 3 node\\(s\\), \\d+\\.\\d node-hours\n.*"),
                r.out());
        assertFalse(r.out().contains("plain's capacity search"), r.out());
    }

    @Test
    void boundsThatCannotBeSearchedAndFaultExperimentsAreRefusedBeforeAnythingStarts() throws Exception {
        Cli.Result bad = Cli.run(
                "capacity",
                manifest("").toString(),
                "--experiment",
                "sizing",
                "--from",
                "500000",
                "--results",
                tmp.resolve("results").toString());
        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertTrue(
                bad.err().contains("experiments.sizing.capacity (with the options given): need 0 < min <= from <= max"),
                bad.err());
        assertTrue(bad.err().contains("from 500000.0, max 320000.0"), bad.err());
        Cli.Result faults = Cli.run(
                "capacity",
                manifest("    faults: [{at: 5s, action: kill, target: spark-worker}]\n")
                        .toString(),
                "--experiment",
                "sizing",
                "--results",
                tmp.resolve("results").toString());
        assertEquals(2, faults.exit(), faults.out() + faults.err());
        assertTrue(
                faults.err().contains("experiments.sizing has faults; a capacity search needs a fault-free experiment"),
                faults.err());
        Cli.Result steps = Cli.run(
                "capacity",
                manifest("").toString(),
                "--experiment",
                "sizing",
                "--ramp",
                "--ramp-steps",
                "16",
                "--ramp-duration",
                "4m",
                "--results",
                tmp.resolve("results").toString());
        assertEquals(2, steps.exit(), steps.out() + steps.err());
        assertTrue(
                steps.err()
                        .contains(
                                "--ramp-steps 16 over --ramp-duration 4 min 0 s: give 0 (a linear ramp) or at most 12 steps,"
                                        + " so that each lasts at least 20.0 s"),
                steps.err());
        assertFalse(Files.exists(tmp.resolve("results")), "nothing reserved, no run directory");
    }

    @Test
    void siteOptionsReachTheSearchsReservationAsTheyWouldARun() throws Exception {
        // --launcher srun on the local backend: the reservation `run` would make is refused, naming the option's value
        Cli.Result r = Cli.run(
                "capacity",
                manifest("").toString(),
                "--experiment",
                "sizing",
                "--launcher",
                "srun",
                "--results",
                tmp.resolve("results").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(
                r.err()
                        .contains(
                                "scheduler.launcher srun runs commands as steps of a SLURM job: it needs scheduler.backend"
                                        + " slurm, not local"),
                r.err());
        assertFalse(Files.exists(tmp.resolve("results").resolve("sizing")), "nothing ran");
        Cli.Result help = Cli.run("capacity", "--help");
        for (String o : new String[] {"--scheduler", "--ssh-config", "--java-home", "--launcher"}) {
            assertTrue(help.out().contains(o), o + " in capacity --help:\n" + help.out());
        }
    }
}
