package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest run whose walltime cannot hold a run starts none (and so needs no daemons to test). */
class WalltimeRunTest {
    @Test
    void runsThatDoNotFitTheWalltimeAreNotStarted(@TempDir Path tmp) throws Exception {
        Path m = Files.writeString(tmp.resolve("m.yaml"), """
                experiments:
                  short:
                    duration: 30s
                    repetitions: 2
                    scheduler: {backend: local, teardownMargin: 30s}
                """);
        Cli.Result r = Cli.run(
                "run",
                m.toString(),
                "--walltime",
                "2m",
                "--results",
                tmp.resolve("results").toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        // each run needs 30 s + 3 min of overhead; 2 min - 30 s margin leaves 1 min 30 s
        assertEquals(
                2,
                r.out()
                                .split(
                                        "not started: 1 min 29 s of walltime left|not started: 1 min 30 s of walltime left",
                                        -1)
                                .length
                        - 1,
                r.out());
        assertTrue(r.out().contains("0 of 2 runs complete"), r.out());
        assertFalse(Files.exists(tmp.resolve("results/short")), "no run directory");
    }
}
