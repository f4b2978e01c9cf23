package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.cluster.ClusterState;
import io.streamscale.cluster.StateDir;
import io.streamscale.common.Json;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunStatus;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceKind;
import io.streamscale.testing.Cli;
import io.streamscale.testing.OrchestratorProcess;
import io.streamscale.testing.Procs;
import io.streamscale.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest run: interrupted with Ctrl-C, then resumed; complete runs are skipped. */
@Tag("integration")
class ManifestRunIT {
    @TempDir
    Path tmp;

    @Test
    void anInterruptedRunIsMarkedAndLeavesNothingAndResumeFinishesTheRest() throws Exception {
        Path manifest = Files.writeString(tmp.resolve("tiny.yaml"), """
                experiments:
                  tiny:
                    nodes: [1, 1]
                    load: 1000/s
                    duration: 8s
                    warmup: 0s
                    repetitions: 2
                    generators: {processes: 2}
                    spark: {workerMemory: 1g, executorMemory: 512m, warmupMessages: 2000}
                    scheduler: {backend: local}
                """);
        Path results = tmp.resolve("results");
        Path rep1 = results.resolve("tiny/k1s1_1000ps/rep-1");
        Path rep2 = results.resolve("tiny/k1s1_1000ps/rep-2");

        // 1. Ctrl-C once the first run's load is on
        Path home = TestHome.path();
        Process run = OrchestratorProcess.of("run", manifest.toString(), "--results", results.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("run.out").toFile())
                .start();
        ProbeResult loading = Readiness.await(
                "the generator of rep-1",
                Duration.ofSeconds(240),
                () -> {
                    try {
                        boolean gen = new StateDir(rep1)
                                .load()
                                .map(s -> s.daemons().stream()
                                        .anyMatch(d -> d.spec().kind() == ServiceKind.GENERATOR))
                                .orElse(false);
                        return gen ? ProbeResult.ready("generating") : ProbeResult.notReady("not yet");
                    } catch (RuntimeException halfWritten) {
                        return ProbeResult.notReady(halfWritten.getMessage());
                    }
                },
                () -> !run.isAlive(),
                () -> {});
        assertTrue(loading.ready(), loading.detail());
        new ProcessBuilder("kill", "-INT", String.valueOf(run.pid())).start().waitFor();
        assertTrue(run.waitFor(240, TimeUnit.SECONDS), "the run stops after Ctrl-C");
        String out = Files.readString(tmp.resolve("run.out"));
        assertNotEquals(0, run.exitValue(), out);
        assertEquals(RunStatus.INTERRUPTED, new RunDirectory(rep1).status(), out);
        assertNothingRunning(rep1);
        assertFalse(Files.exists(rep2.resolve("run.json")), "rep-2 never started");

        // 2. resume: rep-1 runs again (the interrupted attempt is kept), rep-2 runs
        Cli.Result resumed = Cli.run("run", manifest.toString(), "--results", results.toString(), "--resume");
        assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
        assertEquals(RunStatus.COMPLETE, new RunDirectory(rep1).status());
        assertEquals(RunStatus.COMPLETE, new RunDirectory(rep2).status());
        assertEquals(RunStatus.INTERRUPTED, new RunDirectory(rep1.resolveSibling("rep-1.attempt-1")).status());
        List<String> index = Files.readAllLines(results.resolve("index.csv"));
        assertEquals(3, index.size(), String.join("\n", index));
        assertTrue(index.get(1).startsWith("tiny,k1s1_1000ps,1,complete,8000,8000,8000,0,0,0,"), index.get(1));
        assertTrue(index.get(2).startsWith("tiny,k1s1_1000ps,2,complete,8000,8000,8000,0,0,0,"), index.get(2));
        assertTrue(
                Files.readString(rep2.resolve("run.json")).contains("\"kafka.replicationFactor\" : \"1\""),
                "resolved settings recorded");
        // one model for the study: every run scores with the cached model of its settings (rank as asked)
        JsonNode m1 = Json.MAPPER.readTree(rep1.resolve("run.json").toFile()).path("model");
        JsonNode m2 = Json.MAPPER.readTree(rep2.resolve("run.json").toFile()).path("model");
        assertEquals(m1.path("dir").asText(), m2.path("dir").asText(), m1 + " " + m2);
        assertTrue(m2.path("cached").asBoolean(), "the second run did not train: " + m2);
        assertEquals(10, m2.path("trained").path("rank").asInt(), m2.toString());
        assertReported(results.resolve("tiny"), rep1, rep2, resumed.out());

        // 3. resume again: nothing left to do
        Cli.Result again = Cli.run("run", manifest.toString(), "--results", results.toString(), "--resume");
        assertEquals(0, again.exit());
        assertEquals(2, again.out().split("complete already, skipped", -1).length - 1, again.out());
    }

    /** The report made at the end of the run: both complete runs, none of the old attempt, a page with its plots. */
    static void assertReported(Path experiment, Path rep1, Path rep2, String out) throws Exception {
        assertTrue(out.contains("report: run 2 of 2: tiny/k1s1_1000ps/rep-2"), out);
        for (Path rep : List.of(rep1, rep2)) {
            List<String> windows = Files.readAllLines(rep.resolve("windows.csv"));
            long in = windows.stream()
                    .skip(1)
                    .mapToLong(l -> Long.parseLong(l.split(",")[3]))
                    .sum();
            long outRows = windows.stream()
                    .skip(1)
                    .mapToLong(l -> Long.parseLong(l.split(",")[4]))
                    .sum();
            assertEquals(8000, in, "every scored row is in a window by generator time: " + windows);
            assertEquals(8000, outRows, "and by processed time");
            JsonNode report = Json.MAPPER.readTree(rep.resolve("report.json").toFile());
            assertEquals(0, report.path("accounting").path("lost").asLong(), report.toString());
            assertEquals(
                    8000,
                    report.path("steadyState")
                            .path("eventLatency")
                            .path("count")
                            .asLong(),
                    report.toString());
            assertTrue(
                    report.path("steadyState").path("eventLatency").path("p99").asDouble() > 0, report.toString());
        }
        assertFalse(
                Files.exists(rep1.resolveSibling("rep-1.attempt-1").resolve("windows.csv")),
                "the old attempt is not reported");
        String page = Files.readString(experiment.resolve("report/experiment-tiny.html"));
        assertTrue(page.contains("plots/tiny-k1s1_1000ps-latency.png"), page);
        assertTrue(Files.size(experiment.resolve("report/plots/tiny-k1s1_1000ps-latency.svg")) > 0);
        assertTrue(Files.readString(experiment.resolve("report/comparison.csv"))
                .lines()
                .anyMatch(l -> l.startsWith("tiny,k1s1_1000ps,1x1,1,1,")));
    }

    static void assertNothingRunning(Path dir) {
        ClusterState s = new StateDir(dir).load().orElseThrow();
        assertEquals(
                List.of(),
                s.daemons().stream()
                        .filter(d -> Procs.running(d.pid()))
                        .map(RunningDaemon::label)
                        .toList());
    }
}
