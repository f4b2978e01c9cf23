package io.streamscale.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.cluster.StateDir;
import io.streamscale.common.Json;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.SrunRemote;
import io.streamscale.service.ServiceKind;
import io.streamscale.testing.Cli;
import io.streamscale.testing.OrchestratorProcess;
import io.streamscale.testing.TestCluster;
import io.streamscale.testing.TestHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster backends end to end on a real 4-node SLURM cluster (dev/test-cluster-up.sh: nodes n1..n4 at 127.0.1.11..14,
 * one sshd each): a run reserved from outside an allocation, and a manifest submitted with sbatch that runs inside one.
 */
@Tag("integration")
class SlurmClusterIT {
    static final LocalRemote HERE = new LocalRemote("test");
    static Path sshConfig;

    @TempDir
    Path tmp;

    @BeforeAll
    static void cluster() throws Exception {
        sshConfig = TestCluster.up(4, true);
    }

    @AfterAll
    static void down() throws Exception {
        if (sshConfig != null) {
            TestCluster.down();
        }
    }

    @Test
    void checkRunsTheControlPlaneOnEveryNodeWithNothingStartedAndLeavesNoScratch() throws Exception {
        Path scratch = tmp.resolve("check-scratch");
        // the nodes share this checkout: no runtime to install (NodeFilesTest ships one)
        Cli.Result r = Cli.run(
                "check", "--hosts", "n[1-4]", "--ssh-config", sshConfig.toString(), "--scratch", scratch.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("4 hosts (ports checked as for 2x1 and a generator node)"), r.out());
        for (String step : List.of("connect", "sweep", "preflight", "rules", "clocks-jvm", "teardown")) {
            assertTrue(
                    Pattern.compile("(?m)^" + step + " +[0-9]+\\.[0-9]{2}  none$")
                            .matcher(r.out())
                            .find(),
                    step + ": " + r.out());
        }
        assertTrue(!r.out().contains("runtime "), "nothing installed where the files are shared: " + r.out());
        try (Stream<Path> runs = Files.list(scratch.resolve("runs"))) {
            assertEquals(List.of(), runs.toList(), "the check's scratch removed on every node");
        }

        Cli.Result broken =
                Cli.run("check", "--hosts", "n1,n2,no-such-host.invalid", "--ssh-config", sshConfig.toString());
        assertEquals(2, broken.exit(), broken.out() + broken.err());
        assertTrue(broken.err().contains("no-such-host.invalid"), broken.err());
        assertNoDaemonLeft();
    }

    @Test
    void aRunReservedFromOutsideAnAllocationOnNodesThatShareNoFiles() throws Exception {
        Path results = tmp.resolve("results");
        Path scratch = tmp.resolve("scratch");
        Cli.Result r = Cli.run(
                "run",
                "--scheduler",
                "slurm",
                "--ssh-config",
                sshConfig.toString(),
                "--no-shared-filesystem",
                "--scratch",
                scratch.toString(),
                "--start-timeout",
                "2m",
                "--walltime",
                "30m",
                "--kafka",
                "2",
                "--spark",
                "1",
                "--generator-nodes",
                "1",
                "--generators",
                "4",
                "--rate",
                "1500",
                "--warmup",
                "0s",
                "--scorer-warmup",
                "2000",
                "--duration",
                "20s",
                "--results",
                results.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Path dir = Path.of(r.out()
                .lines()
                .filter(l -> l.startsWith("run directory: "))
                .findFirst()
                .orElseThrow()
                .substring("run directory: ".length()));
        JsonNode run = Json.MAPPER.readTree(dir.resolve("run.json").toFile());
        assertEquals("complete", run.path("status").asText(), run.toString());
        String reservation = run.path("reservation").asText();
        Matcher m = Pattern.compile("SLURM job (\\d+) \\(n\\[1-4\\], reserved by streamscale\\)")
                .matcher(reservation);
        assertTrue(m.matches(), reservation);
        assertFalse(run.path("sharedFilesystem").asBoolean());

        assertPlacement(
                run,
                dir,
                Map.of(
                        "n1",
                        List.of("KAFKA", "ZOOKEEPER"),
                        "n2",
                        List.of("KAFKA"),
                        "n3",
                        List.of("SPARK_MASTER", "SPARK_WORKER"),
                        "n4",
                        List.of("GENERATOR")));
        assertTrue(Files.readString(dir.resolve("logs/n2-kafka-1.log"))
                .contains("Awaiting socket connections on 127.0.1.12:9092"));
        assertTrue(Files.readString(dir.resolve("logs/n3-spark-worker-0.log")).contains("spark://127.0.1.13:7077"));
        for (String log : List.of(
                "n1-zookeeper-1",
                "n1-kafka-0",
                "n2-kafka-1",
                "n3-spark-master",
                "n3-spark-worker-0",
                "n3-scorer",
                "n4-generator-0")) {
            assertTrue(Files.size(dir.resolve("logs/" + log + ".log")) > 0, log + " fetched");
        }
        JsonNode clocks = run.path("clockOffsets");
        for (String n : List.of("n1", "n2", "n3", "n4")) {
            double bound = clocks.path(n).path("boundMillis").asDouble(-1);
            assertTrue(bound > 0 && bound <= 5, "measured over one channel: " + n + " " + clocks);
            double offset = clocks.path(n).path("offsetMillis").asDouble();
            assertTrue(Math.abs(offset) <= 5 && Math.abs(offset) <= bound + 0.01, "one machine, one clock: " + clocks);
            assertTrue(clocks.path(n).path("timeSync").has("daemon"), clocks.toString());
            assertEquals(
                    "jvm", clocks.path(n).path("clock").asText(), "read by a JVM from the shipped runtime: " + clocks);
            assertTrue(
                    run.path("clockOffsetsAfter").path(n).path("offsetMillis").isNumber(),
                    "read again after the drain: " + run);
            assertTrue(
                    run.path("clockCorrection")
                            .path("nodes")
                            .path(n)
                            .path("appliedMillis")
                            .isNumber(),
                    run.toString());
        }

        // results came back from the nodes' scratch, which is gone; the shipped runtime stays for the next run
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        String here = "this machine (the nodes do not see its files: sharedFilesystem is off)";
        assertTrue(r.out().contains("analysis: on " + here), r.out());
        assertEquals(here, s.path("analysedOn").path("node").asText(), s.toString());
        assertEquals(30_000, s.path("acked").asLong());
        assertEquals(30_000, s.path("distinctMessages").asLong());
        assertEquals(0, s.path("lost").asLong());
        assertEquals(0, s.path("duplicates").asLong());
        assertEquals(4, s.path("generatorInstances").asLong());
        assertTrue(Files.size(dir.resolve("progress.jsonl")) > 0);
        try (Stream<Path> files = Files.list(scratch.resolve("runs"))) {
            assertEquals(List.of(), files.toList(), "node scratch of the run removed");
        }
        try (Stream<Path> files = Files.list(scratch.resolve("runtime"))) {
            List<Path> all = files.toList();
            List<Path> shipped = all.stream().filter(Files::isDirectory).toList();
            assertEquals(1, shipped.size(), all.toString());
            assertTrue(Files.exists(shipped.get(0).resolve("spark/jars")));
            assertTrue(
                    Files.isRegularFile(Path.of(shipped.get(0) + ".verified")),
                    "the full check's record of the files, for the next run's check: " + all);
            assertEquals(2, all.size(), all.toString());
        }
        assertJobGone(m.group(1));
        assertNoDaemonLeft();
    }

    @Test
    void aNodeWithoutJava17IsReportedByThePreflightAndNothingStartsAndTheJobIsCancelled() throws Exception {
        Path results = tmp.resolve("preflight");
        Cli.Result r = Cli.run(
                "run",
                "--scheduler",
                "slurm",
                "--ssh-config",
                sshConfig.toString(),
                "--no-shared-filesystem",
                "--scratch",
                tmp.resolve("scratch-preflight").toString(),
                "--start-timeout",
                "2m",
                "--walltime",
                "30m",
                "--java-home",
                "/nonexistent/jdk",
                "--rate",
                "1000",
                "--warmup",
                "0s",
                "--duration",
                "10s",
                "--results",
                results.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        String all = r.out() + r.err();
        assertTrue(all.contains("preflight: 3 check(s) failed, nothing was started"), all);
        for (String n : List.of("n1", "n2", "n3")) {
            assertTrue(
                    all.contains(n + "           java      no executable /nonexistent/jdk/bin/java"), n + ": " + all);
        }
        Path dir = Path.of(r.out()
                .lines()
                .filter(l -> l.startsWith("run directory: "))
                .findFirst()
                .orElseThrow()
                .substring("run directory: ".length()));
        JsonNode run = Json.MAPPER.readTree(dir.resolve("run.json").toFile());
        assertEquals("failed", run.path("status").asText());
        Matcher m = Pattern.compile("SLURM job (\\d+) ")
                .matcher(run.path("reservation").asText());
        assertTrue(m.find(), run.path("reservation").asText());
        assertJobGone(m.group(1));
        assertFalse(run.path("phaseSeconds").has("cluster"), "no daemon: " + run.path("phaseSeconds"));
        assertNoDaemonLeft();
    }

    @Test
    void aManifestSubmittedWithSbatchRunsInsideTheAllocationThroughSrunWithNoSsh() throws Exception {
        // a site without ssh to compute nodes: every command is a step of the job (scheduler.launcher srun)
        TestCluster.stopSshds();
        try {
            assertTrue(
                    HERE.exec("ssh -F " + sshConfig + " -o ConnectTimeout=3 n1 true", Duration.ofSeconds(30))
                                    .exitCode()
                            != 0,
                    "no sshd answers");
            submittedWithSrun();
        } finally {
            TestCluster.up(4, false); // the sshds again, for the other tests; SLURM untouched
        }
    }

    private void submittedWithSrun() throws Exception {
        Path manifest = tmp.resolve("slurm.yaml");
        Files.writeString(manifest, """
                experiments:
                  slurm-quick:
                    nodes: [1, 1]
                    load: 1500/s
                    warmup: 0s
                    duration: 20s
                    generators: {processes: 4}
                    spark: {workerCores: 2, workerMemory: 2g, executorMemory: 1g, warmupMessages: 2000}
                    scratch: %s
                    scheduler: {backend: slurm, walltime: 30m, launcher: srun}
                """.formatted(tmp.resolve("scratch")));
        Path results = tmp.resolve("results");
        Cli.Result r =
                Cli.run("submit", manifest.toString(), "--experiment", "slurm-quick", "--results", results.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher m = Pattern.compile("submitted SLURM job (\\d+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        String job = m.group(1);
        assertTrue(
                r.out().contains("2 job(s), ")
                        && r.out().contains("slurm-quick/")
                        && r.out().contains("  report  "),
                "a job per run, and one for the report: " + r.out());
        Matcher report = Pattern.compile("submitted SLURM job (\\d+) report").matcher(r.out());
        assertTrue(report.find(), r.out());
        assertTrue(r.out().contains("  3 node(s)"), "sized from the manifest: " + r.out());

        waitUntilGone(job, Duration.ofMinutes(10));
        Path out = results.resolve("submit/slurm-" + job + ".out");
        String jobOutput = Files.readString(out);
        assertTrue(jobOutput.contains("1 of 1 runs complete"), jobOutput);
        Path dir;
        try (Stream<Path> runs = Files.walk(results.resolve("slurm-quick"), 2)) {
            dir = runs.filter(p -> p.getFileName().toString().equals("rep-1"))
                    .findFirst()
                    .orElseThrow();
        }
        JsonNode run = Json.MAPPER.readTree(dir.resolve("run.json").toFile());
        assertEquals("complete", run.path("status").asText(), jobOutput);
        assertEquals(
                "inside SLURM job " + job + " (n[1-3]; not cancelled by streamscale)",
                run.path("reservation").asText());
        assertPlacement(
                run,
                dir,
                Map.of(
                        "n1",
                        List.of("KAFKA", "ZOOKEEPER"),
                        "n2",
                        List.of("SPARK_MASTER", "SPARK_WORKER"),
                        "n3",
                        List.of("GENERATOR")));
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertEquals(30_000, s.path("distinctMessages").asLong());
        assertEquals(0, s.path("lost").asLong());
        assertTrue(Files.size(dir.resolve("logs/n2-scorer.log")) > 0);
        assertTrue(Files.readAllLines(results.resolve("index.csv")).size() == 2);
        // the run's job made no report; the last job, on a node of its own, made the experiment's
        assertFalse(jobOutput.contains("report: " + results.resolve("slurm-quick/report")), jobOutput);
        waitUntilGone(report.group(1), Duration.ofMinutes(5));
        assertTrue(
                Files.isRegularFile(results.resolve("slurm-quick/report/index.html")),
                Files.readString(results.resolve("submit/slurm-" + report.group(1) + ".out")));
        assertNoDaemonLeft();
    }

    @Test
    void aDaemonLaunchedThroughSrunLivesInAStepOfItsJobAndEndsWithTheJob() throws Exception {
        Duration t = Duration.ofSeconds(60);
        String job = HERE.run("sbatch --parsable --nodes=1 --nodelist=n2 --output=/dev/null --wrap 'exec sleep 600'", t)
                .stdout()
                .strip()
                .split(";")[0];
        try {
            ProbeResult running = Readiness.await(
                    "job " + job,
                    t,
                    () -> {
                        String state = HERE.exec("squeue -h -j " + job + " -o %T", t)
                                .stdout()
                                .strip();
                        return "RUNNING".equals(state) ? ProbeResult.ready(state) : ProbeResult.notReady(state);
                    },
                    () -> false,
                    () -> {});
            assertTrue(running.ready(), running.detail());
            SrunRemote n2 = new SrunRemote("n2", job);
            assertEquals(
                    "n2 " + job,
                    n2.run("echo $SLURMD_NODENAME $SLURM_JOB_ID", t).stdout().strip());
            Path local = tmp.resolve("payload");
            Files.write(
                    local,
                    "through the step's stdin and stdout\n".repeat(10_000).getBytes());
            n2.upload(local, tmp.resolve("on-n2/payload").toString());
            n2.download(tmp.resolve("on-n2/payload").toString(), tmp.resolve("back"));
            assertEquals(Files.readString(local), Files.readString(tmp.resolve("back")));

            long pid = Long.parseLong(n2.launchBackground("setsid sleep 300 > /dev/null 2>&1 < /dev/null & echo $!", t)
                    .strip());
            // read it once it is past exec (setsid -> sleep): mid-exec, like a zombie, a process's environ reads empty
            Path environ = Path.of("/proc/" + pid + "/environ");
            ProbeResult env = Readiness.await(
                    "environ of " + pid,
                    t,
                    () -> {
                        String e;
                        try {
                            e = Files.readString(environ);
                        } catch (IOException gone) {
                            e = "";
                        }
                        return e.isEmpty() ? ProbeResult.notReady("empty") : ProbeResult.ready(e);
                    },
                    () -> false,
                    () -> {});
            assertTrue(
                    env.ready() && env.detail().contains("SLURM_JOB_ID=" + job + "\0"),
                    "the daemon runs in a step of job " + job);
            assertTrue(
                    ProcessHandle.of(pid).orElseThrow().isAlive(), "alive after the launching step's command returned");
            HERE.run("scancel " + job, t);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(100); // poll: slurmstepd kills the step's processes
            }
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "scancel ended the daemon");
        } finally {
            HERE.exec("scancel " + job, t);
        }
    }

    @Test
    void aManifestOnPrunReservesEachRunThroughPreserveAndCancelsIt() throws Exception {
        // the stand-in preserve hands out the test cluster's hosts; the runs go over SSH as on DAS-5
        Path preserve = tmp.resolve("prun/preserve");
        Files.createDirectories(preserve.getParent());
        Files.copy(Path.of(getClass().getResource("/prun/preserve").toURI()), preserve);
        preserve.toFile().setExecutable(true);
        Files.write(tmp.resolve("prun/hosts"), List.of("n1", "n2", "n3", "n4"));
        Path manifest = tmp.resolve("prun.yaml");
        Files.writeString(manifest, """
                experiments:
                  das5:
                    nodes: [1, 1]
                    load: 1000/s
                    warmup: 0s
                    duration: 10s
                    repetitions: 1
                    generators: {processes: 2}
                    spark: {workerCores: 2, workerMemory: 1g, executorMemory: 512m, warmupMessages: 2000}
                    model: {seed: %d, iterations: 3}
                    scratch: %s
                    scheduler: {backend: prun, reservation: per-run, walltime: %s, preserve: %s, sshConfig: %s}
                """.formatted(
                        System.nanoTime() % 1_000_000_000,
                        tmp.resolve("scratch"),
                        "%s",
                        preserve,
                        sshConfig)); // a model no run has yet
        // the DAS-5 study's shape, scaled down in time: each run's reservation sized from the run (10 s + 58.4 s
        // overhead on 3 nodes + 30 s start allowance + 2 min margin = 4 min), a walltime that holds the run but not the
        // run and its training (6 min): the model is trained first in a 1-node reservation of its own (placement,
        // other, cluster, training, allowance, margin: 4 min 22 s -> 5 min)
        Files.writeString(manifest, Files.readString(manifest).replace("walltime: %s", "walltime: 5m"));
        Cli.Result plan = Cli.run("plan", manifest.toString());
        assertEquals(0, plan.exit(), plan.out() + plan.err());
        assertTrue(
                plan.out()
                        .contains(
                                "das5               k1s1_1000ps            4 min 0 s  fits scheduler.walltime 5 min 0 s; its"
                                        + " model is trained first in a 1-node reservation of 5 min 0 s"),
                plan.out());
        Path results = tmp.resolve("results");
        Cli.Result r = Cli.run("run", manifest.toString(), "--results", results.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("training it first on a node of its own (5 min 0 s)"), r.out());
        assertTrue(r.out().contains("trained on n1"), "on the reserved node, not here: " + r.out());
        assertTrue(r.out().contains("1 of 1 runs complete"), r.out());
        for (int rep = 1; rep <= 1; rep++) {
            JsonNode run = Json.MAPPER.readTree(
                    results.resolve("das5/k1s1_1000ps/rep-" + rep + "/run.json").toFile());
            assertEquals("complete", run.path("status").asText());
            assertEquals(
                    "preserve reservation " + (4242 + rep) + " (n1 n2 n3, reserved by streamscale)",
                    run.path("reservation").asText());
            assertEquals(
                    "127.0.1.12", run.path("nodes").path("n2").path("address").asText());
            assertTrue(run.path("model").path("cached").asBoolean(), "trained before the runs: " + run.path("model"));
            // the front-end only orchestrates: the run's first node analysed it, reached over its own sshd
            JsonNode analysed = Json.MAPPER.readTree(results.resolve("das5/k1s1_1000ps/rep-" + rep + "/summary.json")
                    .toFile());
            assertEquals("n1", analysed.path("analysedOn").path("node").asText(), analysed.toString());
            assertEquals(
                    "127.0.1.11",
                    analysed.path("analysedOn").path("sshServerAddress").asText(),
                    analysed.toString());
            assertEquals(1000L * 10, analysed.path("distinctMessages").asLong(), analysed.toString());
        }
        assertTrue(r.out().contains("das5/k1s1_1000ps/rep-1: analysis on n1"), r.out());
        assertTrue(r.out().contains("report: reserving a node to make it on"), r.out());
        assertTrue(r.out().contains("report: " + results.resolve("das5/report/index.html")), r.out());
        assertTrue(
                Files.isRegularFile(results.resolve("das5/k1s1_1000ps/rep-1/report.json")),
                "made by the node's report");
        List<String> calls = Files.readAllLines(tmp.resolve("prun/calls"));
        assertEquals(
                List.of("-np 1 -t 300", "-c 4242", "-np 3 -t 240", "-c 4243", "-np 1 -t 900", "-c 4244"),
                calls.stream().filter(c -> !c.equals("-llist")).toList(),
                "training, then one reservation per run, then one for the report, each cancelled after it");
        assertTrue(
                calls.stream()
                        .filter(c -> c.startsWith("-np "))
                        .allMatch(c -> Integer.parseInt(c.replaceAll(".* -t ", "")) <= 900),
                "every reservation keeps DAS's daytime rule (15 min): " + calls);

        // a walltime that cannot hold the run: refused before anything is reserved, naming the file, line and key
        Files.writeString(manifest, Files.readString(manifest).replace("walltime: 5m", "walltime: 3m"));
        Cli.Result refused = Cli.run(
                "run", manifest.toString(), "--results", tmp.resolve("refused").toString());
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(
                refused.err().contains(manifest + ":")
                        && refused.err()
                                .contains("experiments.das5.scheduler.walltime: a run of"
                                        + " das5/k1s1_1000ps needs a reservation of 4 min 0 s"),
                refused.err());
        assertEquals(
                6,
                Files.readAllLines(tmp.resolve("prun/calls")).stream()
                        .filter(c -> !c.equals("-llist"))
                        .count(),
                "nothing reserved");
        assertNoDaemonLeft();
    }

    @Test
    void aHoldingJobStillPendingAtTheDeadlineIsCancelledWithSlurmsReason() {
        // a job holding every node keeps ours pending (reason Resources or Priority)
        String blocker = HERE.run(
                        "sbatch --parsable --nodes=4 --exclusive --output=/dev/null --wrap 'exec sleep 600'",
                        Duration.ofSeconds(30))
                .stdout()
                .strip();
        try {
            waitUntilRunning(blocker);
            SlurmScheduler s = new SlurmScheduler(HERE, Map.of(), AddressRule.PLAIN, Duration.ofMillis(500));
            SchedulerException e = Assertions.assertThrows(
                    SchedulerException.class,
                    () -> s.reserve(
                            new NodeRequest(
                                    2, Duration.ofMinutes(5), Duration.ofSeconds(4), "pending-test", null, null, null),
                            () -> false));
            Matcher m = Pattern.compile(
                            "SLURM job (\\d+) did not start within 4.0 s \\(still PENDING \\((\\w+)\\)\\); cancelled it \\(scancel \\d+\\)")
                    .matcher(e.getMessage());
            assertTrue(m.matches(), e.getMessage());
            assertJobGone(m.group(1));
        } finally {
            HERE.exec("scancel " + blocker, Duration.ofSeconds(30));
            waitUntilGone(blocker, Duration.ofSeconds(60));
        }
    }

    /** The orchestrator as a user starts it, in a process of its own, printing to {@code out}. */
    private Process orchestrator(Path out, String... args) throws Exception {
        return OrchestratorProcess.of(args)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    @Test
    void aRunsKafkaAndZooKeeperRefuseOtherClientsAndARunAfterItsOrchestratorIsKilledHardStopsWhatItLeft()
            throws Exception {
        Path results = tmp.resolve("results");
        Process killed = orchestrator(
                tmp.resolve("killed.out"),
                "run",
                "--scheduler",
                "slurm",
                "--ssh-config",
                sshConfig.toString(),
                "--scratch",
                tmp.resolve("scratch").toString(),
                "--generators",
                "2",
                "--rate",
                "1000",
                "--duration",
                "5m",
                "--results",
                results.resolve("killed").toString());
        awaitGenerating(results.resolve("killed"), killed, tmp.resolve("killed.out"));

        // 1. while it loads: another user's client, with no login or a wrong one, reads and writes nothing
        Path runDir;
        try (Stream<Path> dirs = Files.list(results.resolve("killed"))) {
            runDir = dirs.filter(d -> Files.isRegularFile(d.resolve("run.json")))
                    .findFirst()
                    .orElseThrow();
        }
        String kafkaNode = Json.MAPPER.readTree(runDir.resolve("run.json").toFile()).path("nodes").properties().stream()
                .filter(e -> e.getValue().path("roles").toString().contains("KAFKA"))
                .map(e -> e.getValue().path("address").asText())
                .findFirst()
                .orElseThrow();
        String broker = kafkaNode + ":9092";
        assertRefused(broker, Map.of(), "no login");
        assertRefused(
                broker,
                Map.of(
                        "security.protocol",
                        "SASL_PLAINTEXT",
                        "sasl.mechanism",
                        "SCRAM-SHA-512",
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"streamscale\" password=\"guess\";"),
                "a wrong password");
        Path zkLib = TestHome.path().resolve("target/runtime/zookeeper/lib");
        Path intruder = Path.of(
                getClass().getResource("/intruder/ZooKeeperIntruder.java").toURI());
        var zk = HERE.exec(
                ProcessHandle.current().info().command().orElse("java") + " -cp '" + zkLib + "/*' " + intruder + " "
                        + kafkaNode + ":2181 2>/dev/null",
                Duration.ofSeconds(90));
        assertTrue(
                zk.stdout().contains("create refused: ") && zk.stdout().contains("list refused: "),
                "ZooKeeper refuses a session without the run's login, to write and to read: " + zk.stdout()
                        + zk.stderr());
        assertFalse(zk.stdout().contains("created /intruder") || zk.stdout().contains("brokers"), zk.stdout());

        String job = jobOf(Files.readString(tmp.resolve("killed.out")));
        killed.destroyForcibly().waitFor(); // SIGKILL: no hook, no teardown, as at the walltime's end
        try {
            killedHard(results, job);
        } finally { // its holding job and daemons must not outlive a failure here: the next tests need the nodes
            HERE.exec("scancel " + job, Duration.ofSeconds(30));
            HERE.exec("pkill -f 'streamscale[.]daemon='", Duration.ofSeconds(30));
        }
    }

    private void killedHard(Path results, String job) throws Exception {
        assertFalse(
                HERE.exec("pgrep -af 'streamscale[.]daemon=.*/kafka-0'", Duration.ofSeconds(30))
                        .stdout()
                        .isBlank(),
                "its broker is left running");
        HERE.exec("scancel " + job, Duration.ofSeconds(30)); // its reservation ends; the nodes are free again
        waitUntilGone(job, Duration.ofSeconds(60));

        Process next = orchestrator(
                tmp.resolve("next.out"),
                "run",
                "--scheduler",
                "slurm",
                "--ssh-config",
                sshConfig.toString(),
                "--scratch",
                tmp.resolve("scratch2").toString(),
                "--rate",
                "1000",
                "--warmup",
                "0s",
                "--duration",
                "10s",
                "--results",
                results.resolve("next").toString());
        assertTrue(next.waitFor(8, TimeUnit.MINUTES), "the next run ends");
        String out = Files.readString(tmp.resolve("next.out"));
        assertEquals(0, next.exitValue(), out);
        Matcher said = Pattern.compile("stopped (\\d+) daemon\\(s\\) an earlier run left on its nodes: (.*)")
                .matcher(out);
        assertTrue(said.find(), out);
        assertTrue(
                said.group(2).contains("/kafka-0 (pid ") && said.group(2).contains("/zookeeper-1 (pid "),
                said.group(0));
        Path dir;
        try (Stream<Path> dirs = Files.list(results.resolve("next"))) {
            dir = dirs.findFirst().orElseThrow();
        }
        JsonNode run = Json.MAPPER.readTree(dir.resolve("run.json").toFile());
        assertEquals(
                Integer.parseInt(said.group(1)), run.path("staleDaemonsStopped").size(), run.toString());
        assertEquals("complete", run.path("status").asText(), out);
        assertNoDaemonLeft();
    }

    /** A client of {@code broker} with {@code login} can neither produce to nor read the run's topic. */
    private static void assertRefused(String broker, Map<String, String> login, String what) {
        Map<String, Object> conf = new HashMap<>(login);
        conf.put("bootstrap.servers", broker);
        conf.put("max.block.ms", 8000);
        conf.put("request.timeout.ms", 5000);
        conf.put("default.api.timeout.ms", 8000);
        try (var producer = new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
            var sent = producer.send(new ProducerRecord<>("requests", "intruder".getBytes()));
            Exception e = Assertions.assertThrows(
                    Exception.class, () -> sent.get(20, TimeUnit.SECONDS), what + ": the produce must fail");
            assertTrue(e.toString().contains("Timeout") || e.toString().contains("Authentication"), what + ": " + e);
        }
        Map<String, Object> c = new HashMap<>(conf);
        c.put("group.id", "intruder");
        c.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition("requests", 0)));
            int read = 0;
            try {
                read = consumer.poll(Duration.ofSeconds(8)).count();
            } catch (AuthenticationException refused) {
                // the wrong password is told so
            }
            assertEquals(0, read, what + ": the run's messages must not be readable");
        }
    }

    private static void awaitGenerating(Path results, Process run, Path out) throws Exception {
        ProbeResult loading = Readiness.await(
                "the generator",
                Duration.ofMinutes(4),
                () -> {
                    try (Stream<Path> dirs = Files.isDirectory(results)
                            ? Files.list(results)
                            : Stream.empty()) { // polled; may race a mkdir
                        boolean gen = dirs.anyMatch(d -> {
                            try {
                                return new StateDir(d)
                                        .load()
                                        .map(st -> st.daemons().stream()
                                                .anyMatch(x -> x.spec().kind() == ServiceKind.GENERATOR))
                                        .orElse(false);
                            } catch (RuntimeException halfWritten) {
                                return false;
                            }
                        });
                        return gen ? ProbeResult.ready("generating") : ProbeResult.notReady("not yet");
                    } catch (IOException e) {
                        return ProbeResult.notReady(e.getMessage());
                    }
                },
                () -> !run.isAlive(),
                () -> {});
        assertTrue(loading.ready(), Files.readString(out));
    }

    @Test
    void ctrlCDuringARunStopsEverythingAndCancelsTheJob() throws Exception {
        Path results = tmp.resolve("results");
        Process run = orchestrator(
                tmp.resolve("run.out"),
                "run",
                "--scheduler",
                "slurm",
                "--ssh-config",
                sshConfig.toString(),
                "--scratch",
                tmp.resolve("scratch").toString(),
                "--generators",
                "2",
                "--rate",
                "1000",
                "--duration",
                "5m",
                "--results",
                results.toString());
        awaitGenerating(results, run, tmp.resolve("run.out"));
        String job = jobOf(Files.readString(tmp.resolve("run.out")));
        new ProcessBuilder("kill", "-INT", String.valueOf(run.pid())).start().waitFor();
        assertTrue(run.waitFor(4, TimeUnit.MINUTES), "the run stops after Ctrl-C");
        String out = Files.readString(tmp.resolve("run.out"));
        Path dir;
        try (Stream<Path> dirs = Files.list(results)) {
            dir = dirs.findFirst().orElseThrow();
        }
        assertEquals(
                "interrupted",
                Json.MAPPER
                        .readTree(dir.resolve("run.json").toFile())
                        .path("status")
                        .asText(),
                out);
        assertJobGone(job);
        assertNoDaemonLeft();
        assertTrue(out.contains("slurm: job " + job + " cancelled"), out);
    }

    static String jobOf(String out) {
        Matcher m = Pattern.compile("submitted holding job (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    static void waitUntilRunning(String job) {
        ProbeResult r = Readiness.await(
                "job " + job,
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                () -> {
                    String state = HERE.exec("squeue -h -j " + job + " -o %T", Duration.ofSeconds(30))
                            .stdout()
                            .strip();
                    return "RUNNING".equals(state) ? ProbeResult.ready(state) : ProbeResult.notReady(state);
                },
                () -> false,
                () -> {});
        assertTrue(r.ready(), "SLURM job " + job + ": " + r.detail());
    }

    static void assertPlacement(JsonNode run, Path dir, Map<String, List<String>> roles) throws Exception {
        JsonNode nodes = run.path("nodes");
        assertEquals(roles.size(), nodes.size(), nodes.toString());
        for (var e : roles.entrySet()) {
            int i = Integer.parseInt(e.getKey().substring(1));
            assertEquals(
                    "127.0.1." + (10 + i),
                    nodes.path(e.getKey()).path("address").asText(),
                    e.getKey());
            assertEquals(
                    e.getValue(),
                    Json.MAPPER.convertValue(nodes.path(e.getKey()).path("roles"), List.class),
                    e.getKey());
        }
        assertTrue(Files.readString(dir.resolve("configs/n1/kafka-0/server.properties"))
                .contains("127.0.1.11:9092"));
    }

    static void assertJobGone(String job) {
        String state = HERE.run("squeue -h -t all -j " + job + " -o %T || true", Duration.ofSeconds(30))
                .stdout()
                .strip();
        assertTrue(
                state.isEmpty() || state.equals("CANCELLED") || state.equals("COMPLETED"),
                "SLURM job " + job + ": " + state);
    }

    static void waitUntilGone(String job, Duration limit) {
        ProbeResult gone = Readiness.await(
                "job " + job,
                limit,
                Duration.ofSeconds(2),
                () -> {
                    String state = HERE.exec("squeue -h -t all -j " + job + " -o %T", Duration.ofSeconds(30))
                            .stdout()
                            .strip();
                    return Stream.of("PENDING", "RUNNING", "CONFIGURING", "COMPLETING")
                                    .anyMatch(state::equals)
                            ? ProbeResult.notReady(state)
                            : ProbeResult.ready(state);
                },
                () -> false,
                () -> {});
        assertTrue(gone.ready(), "SLURM job " + job + " still " + gone.detail());
    }

    static void assertNoDaemonLeft() {
        var r = HERE.exec("pgrep -af 'streamscale[.]daemon='", Duration.ofSeconds(30));
        assertEquals("", r.stdout(), "daemons left on the nodes");
    }
}
