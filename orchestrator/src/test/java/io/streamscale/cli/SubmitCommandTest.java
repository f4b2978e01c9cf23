package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.testing.Cli;
import io.streamscale.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theJobIsSizedFromTheManifestAndTheCommandIsWrittenDown() throws Exception {
        Path manifest = TestHome.path().resolve("experiments.yaml");
        Cli.Result r = Cli.run("submit", manifest.toString(), "--experiment", "scaling-3x3-20m", "--results", tmp.toString(),
                "--partition", "defq", "--dry-run");
        assertEquals(0, r.exit(), r.err());
        String command = r.out().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(command.startsWith("sbatch --parsable --job-name=streamscale-scaling-3x3-20m --nodes=7 --time=42 --output="
                + tmp.resolve("submit/slurm-%j.out") + " --export=ALL,STREAMSCALE_NO_BUILD=1,STREAMSCALE_HOME="), command);
        assertTrue(command.endsWith(" --partition=defq " + TestHome.path().resolve("sbatch/streamscale.sbatch") + " " + manifest
                + " scaling-3x3-20m --results " + tmp), command);
        assertTrue(r.out().contains("7 node(s), 41 min 30 s, 3 run(s)"), "per-run reservations: the job holds all 3 runs of 13 min,"
                + " the first one's training (1 min 30 s) and the shipped study's 1 min margin: " + r.out());
        Cli.Result short15 = Cli.run("submit", manifest.toString(), "--experiment", "scaling-3x3-20m", "--results",
                tmp.resolve("other").toString(), "--time", "15m", "--dry-run");
        assertTrue(short15.out().contains("note: the 3 run(s) need about 40 min 30 s, the job gets 15 min 0 s"), short15.out());
        try (Stream<Path> written = Files.list(tmp.resolve("submit"))) {
            List<Path> files = written.toList();
            assertEquals(1, files.size());
            assertTrue(Files.readString(files.get(0)).contains(command));
        }
    }

    @Test
    void tooFewNodesIsRefused() {
        Cli.Result r = Cli.run("submit", TestHome.path().resolve("experiments.yaml").toString(), "--experiment", "scaling-3x3-20m",
                "--nodes", "3", "--results", tmp.toString(), "--dry-run");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--nodes 3 is too few: the largest cell needs 7"), r.err());
    }
}
