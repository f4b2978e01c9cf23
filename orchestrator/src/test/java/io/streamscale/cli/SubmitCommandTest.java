package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import io.streamscale.testing.Cli;
import io.streamscale.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitCommandTest {
    static final Path SHIPPED = TestHome.path().resolve("experiments.yaml");

    @TempDir
    Path tmp;

    private static List<String> sbatchLines(String out) {
        return out.lines().filter(l -> l.startsWith("job=$(sbatch ")).toList();
    }

    @Test
    void everyRunGetsAJobOfItsOwnSizedFromThePlanChainedOneAfterAnother() throws Exception {
        Cli.Result r = Cli.run(
                "submit",
                SHIPPED.toString(),
                "--experiment",
                "scaling-3x3-20m",
                "--results",
                tmp.toString(),
                "--partition",
                "defq",
                "--begin",
                "20:00",
                "--dry-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("4 job(s), "), r.out());
        List<String> jobs = sbatchLines(r.out());
        assertEquals(4, jobs.size(), r.out());
        for (int i = 0; i < 3; i++) {
            String j = jobs.get(i);
            assertTrue(j.contains(" --nodes=7 "), j);
            assertTrue(
                    j.contains(" --signal=B:TERM@60 "),
                    "SIGTERM the shipped study's 1 min teardown margin before the end: " + j);
            assertTrue(j.contains(" --partition=defq "), j);
            assertTrue(j.contains(" --requeue "), "one run a job: a requeued job repeats it: " + j);
            assertTrue(
                    j.endsWith(" " + SHIPPED + " scaling-3x3-20m --only scaling-3x3-20m/k3s3_20Mper10m/rep-" + (i + 1)
                            + " --no-report --results " + tmp + ")"),
                    "each job analyses its own run, and reports nothing: " + j);
            assertEquals(i == 0, j.contains("--begin=20:00"), "only the first job waits for --begin: " + j);
            assertEquals(i > 0, j.contains("sbatch --parsable --dependency=afterany:$job "), "chained: " + j);
        }
        // then one node for 15 minutes makes the experiment's report, whatever became of the runs
        String report = jobs.get(3);
        assertTrue(
                report.startsWith(
                        "job=$(sbatch --parsable --dependency=afterany:$job --job-name=streamscale-report --nodes=1 --time=15 "),
                report);
        assertTrue(
                report.endsWith(" '--wrap=" + TestHome.path().resolve("bin/streamscale") + " report "
                        + tmp.resolve("scaling-3x3-20m") + "')"),
                report);
        // the later repetitions never train: 10 min run + 1 min 42 s overhead on 7 nodes + 30 s allowance + 1 min
        // margin,
        // whole minutes
        assertTrue(jobs.get(1).contains(" --time=14 ") && jobs.get(2).contains(" --time=14 "), r.out());
        try (Stream<Path> written = Files.list(tmp.resolve("submit"))) {
            List<Path> files = written.toList();
            assertEquals(1, files.size());
            assertEquals(sbatchLines(Files.readString(files.get(0))), jobs);
        }
    }

    @Test
    void theScriptSubmitsTheChainAndReportsEveryJob() throws Exception {
        // a stand-in sbatch that records its arguments and answers as --parsable does
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(
                sbatch,
                "#!/bin/sh\necho \"$*\" >> " + tmp.resolve("calls") + "\nn=$(wc -l < " + tmp.resolve("calls")
                        + ")\necho \"$((100 + n));cluster\"\n");
        sbatch.toFile().setExecutable(true);
        Cli.Result r = Cli.run(
                "submit",
                SHIPPED.toString(),
                "--experiment",
                "scaling-3x3-20m",
                "--results",
                tmp.resolve("res").toString(),
                "--dry-run");
        Path script;
        try (Stream<Path> written = Files.list(tmp.resolve("res/submit"))) {
            script = written.findFirst().orElseThrow();
        }
        ProcessBuilder pb = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process run = pb.start();
        String printed = new String(run.getInputStream().readAllBytes());
        assertEquals(0, run.waitFor(), printed);
        assertEquals(
                List.of(
                        "101 scaling-3x3-20m/k3s3_20Mper10m/rep-1",
                        "102 scaling-3x3-20m/k3s3_20Mper10m/rep-2",
                        "103 scaling-3x3-20m/k3s3_20Mper10m/rep-3",
                        "104 report"),
                printed.lines().toList(),
                r.out());
        List<String> calls = Files.readAllLines(tmp.resolve("calls"));
        assertFalse(calls.get(0).contains("--dependency"), calls.get(0));
        assertTrue(calls.get(1).startsWith("--parsable --dependency=afterany:101 "), calls.get(1));
        assertTrue(calls.get(2).startsWith("--parsable --dependency=afterany:102 "), calls.get(2));
        assertTrue(calls.get(3).startsWith("--parsable --dependency=afterany:103 "), calls.get(3));
    }

    @Test
    void withoutAKeyABatchJobCanUseSubmitRefusesNamingTheFix() throws Exception {
        String home = System.getProperty("user.home");
        Path fresh = Files.createDirectories(tmp.resolve("home/.ssh"));
        Path config = Files.writeString(
                tmp.resolve("ssh_config"), "Host node*\n  IdentityFile " + fresh.resolve("id_cluster") + "\n");
        Path manifest = Files.writeString(
                tmp.resolve("m.yaml"),
                Files.readString(SHIPPED)
                        .replace("    # addressPattern:", "    sshConfig: " + config + "\n    # addressPattern:"));
        System.setProperty("user.home", fresh.getParent().toString()); // a fresh account: no key at all
        try {
            Cli.Result refused = Cli.run(
                    "submit", manifest.toString(), "--experiment", "scaling-3x3-20m", "--results", tmp.toString());
            assertEquals(2, refused.exit(), refused.out());
            assertTrue(
                    refused.err().contains("no key without a passphrase (no ssh-agent, key files [")
                            && refused.err().contains("ssh-keygen -t ed25519 -N ''"),
                    refused.err());
            assertFalse(Files.exists(tmp.resolve("submit")), "nothing submitted, no script written");
            // a key the config names, without a passphrase: the jobs can log in, submit goes on
            KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048)
                    .writePrivateKey(fresh.resolve("id_cluster").toString());
            Cli.Result ok = Cli.run(
                    "submit",
                    manifest.toString(),
                    "--experiment",
                    "scaling-3x3-20m",
                    "--results",
                    tmp.toString(),
                    "--dry-run");
            assertEquals(0, ok.exit(), ok.err());
            assertFalse(ok.out().contains("note: batch jobs need"), ok.out());
        } finally {
            System.setProperty("user.home", home);
        }
    }

    @Test
    void theJobsSigtermComesNoLaterThanSlurmsKillWaitAllows() {
        assertEquals(
                Duration.ofSeconds(120),
                io.streamscale.study.SbatchChain.killWait(
                        "AuthType = auth/munge\nKillWait                = 120 sec\n"));
        assertEquals(
                io.streamscale.study.SbatchChain.DEFAULT_KILL_WAIT,
                io.streamscale.study.SbatchChain.killWait(""),
                "no scontrol: SLURM's default");
        assertEquals(60, io.streamscale.study.SbatchChain.signalSeconds(Duration.ofMinutes(1), Duration.ofSeconds(30)));
        assertEquals(
                120,
                io.streamscale.study.SbatchChain.signalSeconds(Duration.ofMinutes(1), Duration.ofSeconds(120)),
                "a site whose KillWait is longer than the margin: at least as long");
    }

    @Test
    void resumeLeavesOutTheRunsThatCompleted() throws Exception {
        Path done = Files.createDirectories(tmp.resolve("scaling-3x3-20m/k3s3_20Mper10m/rep-2"));
        Files.writeString(done.resolve("run.json"), "{\"status\": \"complete\"}");
        Cli.Result r = Cli.run(
                "submit",
                SHIPPED.toString(),
                "--experiment",
                "scaling-3x3-20m",
                "--results",
                tmp.toString(),
                "--resume",
                "--dry-run");
        assertEquals(0, r.exit(), r.err());
        List<String> jobs = sbatchLines(r.out());
        assertEquals(3, jobs.size(), "two runs and the report: " + r.out());
        assertTrue(jobs.get(0).contains("--only scaling-3x3-20m/k3s3_20Mper10m/rep-1 "), jobs.get(0));
        assertTrue(jobs.get(1).contains("--only scaling-3x3-20m/k3s3_20Mper10m/rep-3 "), jobs.get(1));
    }

    @Test
    void oneJobHoldsTheWholeSelection() throws Exception {
        Cli.Result r = Cli.run(
                "submit",
                SHIPPED.toString(),
                "--experiment",
                "scaling-3x3-20m",
                "--results",
                tmp.toString(),
                "--partition",
                "defq",
                "--one-job",
                "--dry-run");
        assertEquals(0, r.exit(), r.err());
        List<String> jobs = sbatchLines(r.out());
        assertEquals(1, jobs.size(), r.out());
        assertTrue(
                jobs.get(0)
                        .startsWith(
                                "job=$(sbatch --parsable --job-name=streamscale-scaling-3x3-20m-3-runs- --nodes=7 --time=38 "),
                jobs.get(0));
        assertTrue(jobs.get(0).endsWith(" " + SHIPPED + " scaling-3x3-20m --results " + tmp + ")"), jobs.get(0));
        assertTrue(
                r.out().contains("7 node(s)  37 min 35 s"),
                "the job holds all 3 runs of 11 min 42 s (1 min 42 s of overhead on 7 nodes), the first one's training"
                        + " (1 min 30 s) and the shipped study's 1 min margin: " + r.out());
        Cli.Result short15 = Cli.run(
                "submit",
                SHIPPED.toString(),
                "--experiment",
                "scaling-3x3-20m",
                "--results",
                tmp.resolve("other").toString(),
                "--one-job",
                "--time",
                "15m",
                "--dry-run");
        assertTrue(
                short15.out().contains("note: the 3 run(s) need about 36 min 35 s, the job gets 15 min 0 s"),
                short15.out());
    }

    @Test
    void badSizingIsRefused() {
        Cli.Result few = Cli.run(
                "submit",
                SHIPPED.toString(),
                "--experiment",
                "scaling-3x3-20m",
                "--one-job",
                "--nodes",
                "3",
                "--results",
                tmp.toString(),
                "--dry-run");
        assertEquals(2, few.exit());
        assertTrue(few.err().contains("--nodes 3 is too few: the largest cell needs 7"), few.err());
        Cli.Result noOneJob = Cli.run(
                "submit",
                SHIPPED.toString(),
                "--experiment",
                "scaling-3x3-20m",
                "--time",
                "2h",
                "--results",
                tmp.toString(),
                "--dry-run");
        assertEquals(2, noOneJob.exit());
        assertTrue(noOneJob.err().contains("--nodes and --time size a single job: add --one-job"), noOneJob.err());
    }

    @Test
    void aJobsRunMustBeOneOfTheManifest() {
        Cli.Result r = Cli.run(
                "run",
                SHIPPED.toString(),
                "--experiment",
                "scaling-3x3-20m",
                "--only",
                "scaling-3x3-20m/k3s3_20Mper10m/rep-9",
                "--results",
                tmp.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(
                r.err()
                        .contains(
                                "--only scaling-3x3-20m/k3s3_20Mper10m/rep-9: no such run; the selected runs are"
                                        + " [scaling-3x3-20m/k3s3_20Mper10m/rep-1, scaling-3x3-20m/k3s3_20Mper10m/rep-2, scaling-3x3-20m/k3s3_20Mper10m/rep-3]"),
                r.err());
    }
}
