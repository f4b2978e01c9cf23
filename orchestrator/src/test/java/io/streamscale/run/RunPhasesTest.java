package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.Site;
import io.streamscale.common.Json;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.model.ModelCache;
import io.streamscale.model.ModelSpec;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.SshSettings;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunStatus;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.testing.RecordingRemote;
import io.streamscale.testing.TestHome;
import io.streamscale.topology.Layout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's phase sequence over SSH-like nodes that do not share files, with recording remotes: what runs on which
 * node in which order, and what teardown does after a failure in each of the early phases (placement, shipping,
 * cluster). Later phases need real daemons: PipelineIT, FaultIT.
 */
class RunPhasesTest {
    private static final ExecResult OK = new ExecResult(0, "", "");
    private static final ExecResult FAIL = new ExecResult(1, "", "no such file");

    @TempDir
    Path tmp;

    /** Per node: its remote, answering from the test's script first, else as a node with a process table would. */
    private final Map<String, RecordingRemote> nodes = new ConcurrentHashMap<>();

    private final Set<Long> alive = ConcurrentHashMap.newKeySet();
    private final AtomicReference<PipelineRun> current = new AtomicReference<>();
    private final AtomicLong pids = new AtomicLong(1000);
    private static final String EMPTY_TAR = "\0".repeat(10240);

    private Outcome run(BiFunction<String, String, ExecResult> script) throws Exception {
        return run("model: {path: /models/m}", script);
    }

    private Outcome run(String model, BiFunction<String, String, ExecResult> script) throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("runtime/jobs"));
        Files.writeString(bundle.resolve("streamscale-jobs.jar"), "jar");
        RuntimeLayout runtime = new RuntimeLayout(tmp.resolve("runtime").toString(), null, null, "/opt/jdk");
        Manifest m = ManifestReader.readText(
                "test.yaml",
                "experiments:\n  e:\n    nodes: [1, 1]\n    load: 1000/s\n" + "    duration: 10s\n    " + model + "\n");
        RunSpec spec = RunSpec.of(m.cells(m.select(List.of("e"))).get(0));
        Site site = new Site(
                "test nodes",
                List.of(
                        new Layout.Host("n1", "127.0.9.1"),
                        new Layout.Host("n2", "127.0.9.2"),
                        new Layout.Host("n3", "127.0.9.3")),
                new SshSettings(null, Duration.ofSeconds(5)),
                "/scratch",
                false);
        RunDirectory dir = new RunDirectory(tmp.resolve("results/run1"));
        PipelineRun run = new PipelineRun(
                spec,
                dir,
                runtime,
                TestHome.templates(),
                Json.MAPPER.createObjectNode(),
                site,
                t -> new Remotes(n -> nodes.computeIfAbsent(
                        n,
                        h -> new RecordingRemote(h, cmd -> {
                            ExecResult r = script.apply(h, cmd);
                            return r != null ? r : node(cmd);
                        }))),
                new ModelCache(tmp.resolve("models")));
        current.set(run);
        run.measure();
        return run.summarize();
    }

    /** A node that does what it is asked: clocks agree, daemons start, run until signalled, and leave no files. */
    private ExecResult node(String cmd) {
        if (cmd.contains(" <- ")) { // the clock probe's loop
            long us = System.currentTimeMillis() * 1000;
            return ok(us / 1_000_000 + "." + String.format("%06d", us % 1_000_000));
        }
        if (cmd.contains("setsid ")) {
            long pid = pids.incrementAndGet();
            alive.add(pid);
            return ok(pid + "\n");
        }
        Matcher k = Pattern.compile("^kill -(\\w+) (\\d+)").matcher(cmd);
        if (k.find()) {
            long pid = Long.parseLong(k.group(2));
            if (!k.group(1).equals("0")
                    && !k.group(1).equals("STOP")
                    && !k.group(1).equals("CONT")) {
                alive.remove(pid);
            }
            return alive.contains(pid) ? OK : FAIL;
        }
        if (cmd.contains(".streamscale-preflight")) {
            return ok("java openjdk version \"17.0.15\" 2025-04-15\nscratch 99999999\ndone\n");
        }
        if (cmd.startsWith("tar -cf - ")) {
            return ok(EMPTY_TAR);
        }
        if (cmd.startsWith("test -f ")) { // no logs: nothing was written
            return FAIL;
        }
        return OK;
    }

    private static ExecResult ok(String out) {
        return new ExecResult(0, out, "");
    }

    private List<String> commands(String node) {
        RecordingRemote r = nodes.get(node);
        return r == null ? List.of() : List.copyOf(r.commands);
    }

    private List<String> all() {
        return nodes.values().stream().flatMap(r -> r.commands.stream()).toList();
    }

    private static int indexOf(List<String> commands, String part) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    private JsonNode runJson() throws Exception {
        return Json.MAPPER.readTree(tmp.resolve("results/run1/run.json").toFile());
    }

    @Test
    void aNodeThatDoesNotAnswerIsARowOfThePreflightTableAndNothingIsStartedOrShipped() throws Exception {
        Outcome o = run((n, c) -> n.equals("n2") && c.equals("true")
                ? new ExecResult(255, "", "ssh: connect to host n2 port 22: Connection refused")
                : n.equals("n3") && c.contains(".streamscale-preflight")
                        ? ok("java openjdk version \"11.0.2\"\nscratch 99999999\ndone\n")
                        : null);
        assertEquals(RunStatus.FAILED, o.status());
        assertTrue(o.reason().startsWith("preflight: 2 check(s) failed, nothing was started"), o.reason());
        assertTrue(
                o.reason()
                        .contains(
                                "n2           connect   on n2: `true` exited with 255: ssh: connect to host n2 port 22: Connection refused"),
                o.reason());
        assertTrue(o.reason().contains("n3           java"), "the other nodes were checked too: " + o.reason());
        assertTrue(
                all().stream().noneMatch(c -> c.contains("setsid") || c.startsWith("tar ") || c.contains("tar -xf")),
                "no daemon started, nothing shipped: " + all());
        JsonNode run = runJson();
        assertEquals("failed", run.path("status").asText());
        assertEquals(
                List.of("SPARK_MASTER", "SPARK_WORKER"),
                Json.MAPPER.convertValue(run.path("nodes").path("n2").path("roles"), List.class),
                "where it would have run is recorded");
        assertTrue(run.path("phaseSeconds").has("placement"));
        assertFalse(run.path("phaseSeconds").has("cluster"));
    }

    @Test
    void aNodeWithoutJava17FailsThePreflightWithEveryFailureInOneTableBeforeAnythingIsShipped() throws Exception {
        Outcome o = run((n, c) -> !c.contains(".streamscale-preflight")
                ? null
                : n.equals("n2")
                        ? ok("java java version \"1.8.0_292\"\nscratch 99999999\ndone\n")
                        : n.equals("n3") ? ok("java openjdk version \"17.0.15\"\nscratch 1000\ndone\n") : null);
        assertEquals(RunStatus.FAILED, o.status());
        assertTrue(o.reason().startsWith("preflight: 2 check(s) failed, nothing was started"), o.reason());
        assertTrue(
                o.reason().contains("n2           java      /opt/jdk/bin/java is Java 8; 17 or later is needed"),
                o.reason());
        assertTrue(o.reason().contains("n3           scratch   /scratch/runs/"), o.reason());
        assertTrue(
                all().stream().noneMatch(c -> c.contains("setsid") || c.startsWith("tar ") || c.contains("tar -xf")),
                "no daemon started, nothing shipped: " + all());
        for (String n : List.of("n1", "n2", "n3")) {
            assertTrue(
                    commands(n).stream().anyMatch(c -> c.contains(".streamscale-preflight")),
                    n + " was checked: " + commands(n));
        }
    }

    @Test
    void aNodeTheRuntimeCannotBeShippedToFailsTheRunBeforeAnyDaemon() throws Exception {
        Outcome o = run((n, c) -> c.startsWith("test -d /scratch/runtime/")
                ? FAIL // not there yet: upload
                : n.equals("n3") && c.startsWith("mv -T ") ? new ExecResult(1, "", "No space left on device") : null);
        assertEquals(RunStatus.FAILED, o.status());
        assertTrue(o.reason().contains("n3") && o.reason().contains("No space left on device"), o.reason());
        for (String n : List.of("n1", "n2", "n3")) {
            List<String> c = commands(n);
            assertTrue(indexOf(c, "tar -xf") > indexOf(c, "chronyc"), n + ": the clocks first, then the runtime: " + c);
        }
        assertTrue(all().stream().noneMatch(c -> c.contains("setsid")), "no daemon started");
    }

    @Test
    void aDaemonThatDiesDuringStartUpStopsTheOthersFetchesWhatThereIsAndClearsEveryNode() throws Exception {
        AtomicLong zookeeper = new AtomicLong(-1);
        AtomicBoolean masterLaunched = new AtomicBoolean();
        Outcome o = run((n, c) -> {
            if (c.contains("setsid") && c.contains("spark-master")) {
                masterLaunched.set(true);
                return null;
            }
            if (c.contains("setsid") && c.contains("zookeeper-1")) {
                zookeeper.set(pids.incrementAndGet());
                return ok(zookeeper.get() + "\n");
            }
            if (c.startsWith("kill -0 " + zookeeper.get() + " ")) {
                // ZooKeeper dies once the Spark master (a parallel chain) was launched, so there is one to stop
                return masterLaunched.get() ? FAIL : OK;
            }
            return null;
        });
        assertEquals(RunStatus.FAILED, o.status());
        assertTrue(o.reason().startsWith("n1 zookeeper-1 (pid "), o.reason());
        assertTrue(o.reason().contains("exited during start-up"), o.reason());
        List<String> n1 = commands("n1");
        List<String> n2 = commands("n2");
        assertTrue(
                indexOf(n1, "setsid") > indexOf(n1, "test -d /scratch/runtime/"),
                "the runtime before the daemon: " + n1);
        assertTrue(
                n1.stream().noneMatch(c -> c.contains("setsid") && c.contains("kafka")),
                "Kafka waits for ZooKeeper: " + n1);
        assertTrue(
                indexOf(n2, "spark-master") >= 0,
                "the Spark master starts beside ZooKeeper, on the first worker's node");
        assertTrue(
                all().stream()
                        .noneMatch(c -> c.contains("setsid")
                                && (c.contains("spark-worker") || c.contains("scorer") || c.contains("generator"))),
                "nothing after a failed tier");
        long masterPid = Long.parseLong(n2.stream()
                .filter(c -> c.startsWith("kill -TERM "))
                .findFirst()
                .orElseThrow()
                .split(" ")[2]);
        assertFalse(alive.contains(masterPid), "the Spark master was stopped");
        String runRoot = n1.stream()
                .filter(c -> c.startsWith("rm -rf /scratch/runs/") && !c.contains("/n1/"))
                .findFirst()
                .orElseThrow()
                .substring("rm -rf ".length());
        for (String n : List.of("n1", "n2", "n3")) {
            List<String> c = commands(n);
            assertTrue(c.get(c.size() - 1).equals("rm -rf " + runRoot), n + ": its scratch removed last: " + c);
        }
        assertTrue(
                indexOf(n2, "tar -cf - -C " + runRoot + "/job/output") < n2.size() - 1,
                "outputs fetched before the scratch goes");
        JsonNode run = runJson();
        assertEquals("failed", run.path("status").asText());
        assertEquals(
                List.of("placement", "cluster", "teardown", "summary"),
                List.copyOf(Json.MAPPER
                        .convertValue(run.path("phaseSeconds"), Map.class)
                        .keySet()));
    }

    @Test
    void aNodeAFetchFailedFromKeepsItsScratchAndTheOthersAreCleared() throws Exception {
        Outcome o = run((n, c) -> {
            if (c.contains("setsid") && c.contains("zookeeper-1")) {
                return ok(pids.incrementAndGet() + "\n"); // the run ends early; teardown fetches what there is
            }
            return n.equals("n2") && c.startsWith("tar -cf - -C ") && c.contains("/job/output")
                    ? new ExecResult(2, "", "I/O error")
                    : null;
        });
        assertEquals(RunStatus.FAILED, o.status());
        String runRoot = commands("n1").stream()
                .filter(c -> c.startsWith("rm -rf /scratch/runs/") && !c.contains("/n1/"))
                .findFirst()
                .orElseThrow()
                .substring("rm -rf ".length());
        assertTrue(commands("n3").contains("rm -rf " + runRoot), commands("n3").toString());
        assertFalse(
                commands("n2").contains("rm -rf " + runRoot),
                "n2 holds output the run directory lacks: " + commands("n2"));
        assertTrue(o.reason().contains("scratch kept on n2: " + runRoot), o.reason());
    }

    @Test
    void aRunCancelledWhileTheClusterStartsStopsWhatStartedAndSaysSo() throws Exception {
        Outcome o = run((n, c) -> {
            if (c.startsWith("kill -0 ") && !alive.isEmpty() && alive.size() == 2) {
                current.get().cancel("the reservation ends soon"); // both first daemons up, waiting for their probes
            }
            return null;
        });
        assertEquals(RunStatus.INTERRUPTED, o.status());
        assertEquals("the reservation ends soon", o.reason());
        assertTrue(alive.isEmpty(), "ZooKeeper and the Spark master were stopped: " + alive);
        assertTrue(commands("n1").stream().anyMatch(c -> c.startsWith("kill -TERM ")));
        assertTrue(commands("n2").stream().anyMatch(c -> c.startsWith("kill -TERM ")));
        assertEquals("interrupted", runJson().path("status").asText());
        assertEquals("the reservation ends soon", runJson().path("reason").asText());
    }

    @Test
    void aModelNotInTheCacheIsTrainedOnTheGeneratorsNodeWithItsRatingsAndFetchedIntoTheCache() throws Exception {
        Path ratings = Files.writeString(
                tmp.resolve("my ratings.csv"), "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n");
        Path trained = Files.createDirectories(tmp.resolve("trained"));
        Files.writeString(trained.resolve("model.json"), "{\"rank\": 3}");
        Process tar = new ProcessBuilder("tar", "-cf", "-", "-C", trained.toString(), ".").start();
        String archive = new String(tar.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertEquals(0, tar.waitFor());
        Outcome o = run("model: {ratings: '" + ratings + "', rank: 3}", (n, c) -> {
            if (c.contains("setsid") && (c.contains("zookeeper-1") || c.contains("TrainMain"))) {
                return ok(pids.incrementAndGet()
                        + "\n"); // ZooKeeper dies at once (the run ends early); the trainer is done at once
            }
            if (c.startsWith("tar -cf - -C ") && c.contains("/trainer/.partial-")) {
                return ok(archive);
            }
            return null;
        });
        assertEquals(RunStatus.FAILED, o.status());
        List<String> n3 = commands("n3");
        String train =
                n3.stream().filter(c -> c.contains("TrainMain")).findFirst().orElseThrow(() -> new AssertionError(n3));
        assertTrue(train.contains("--rank 3"), train);
        String upload = n3.stream()
                .filter(c -> c.startsWith("upload " + ratings + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(n3));
        String onNode = upload.substring(("upload " + ratings + " ").length());
        assertTrue(onNode.startsWith("/scratch/runs/") && onNode.contains("/trainer/"), onNode);
        assertTrue(train.contains("--ratings '" + onNode + "'"), "the trainer reads the uploaded copy: " + train);
        assertTrue(all().stream().filter(c -> c.contains("TrainMain")).count() == 1, "trained once, on n3 only");
        assertTrue(indexOf(n3, "rm -rf ") > indexOf(n3, "tar -cf - -C "), "the node's copy goes once fetched");
        ModelCache cache = new ModelCache(tmp.resolve("models"));
        ModelSpec spec = new ModelSpec(ratings.toString(), 3, 10, 0.1, 42);
        assertTrue(cache.has(spec), "the model is in the cache");
        assertEquals("{\"rank\": 3}", Files.readString(cache.dir(spec).resolve("model.json")));
        JsonNode model = runJson().path("model");
        assertEquals("n3", model.path("trainedOn").asText(), model.toString());
        assertFalse(model.path("cached").asBoolean(), model.toString());
    }
}
