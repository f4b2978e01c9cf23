package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.cluster.Remotes;
import io.streamscale.remote.ExecResult;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.SinkFiles;
import io.streamscale.testing.RecordingRemote;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Role;
import io.streamscale.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching what the jobs wrote on nodes that do not share files: every node writes the same paths, none overwrites another. */
class NodeOutputsTest {
    static final RunDirectory.JobPaths PATHS = new RunDirectory.JobPaths(
            "/scratch/model",
            "/scratch/output",
            "/scratch/checkpoint",
            "/scratch/progress.jsonl",
            "/scratch/commits.jsonl",
            "/scratch/generators");

    @TempDir
    Path tmp;

    @Test
    void twoNodesSameNamedFilesBothSurviveTheFetchAndTheAnalysisFindsThemAll() throws Exception {
        Topology topology = Layout.assign(Layout.localHosts(3), 1, 2, 1);
        List<String> workers =
                topology.with(Role.SPARK_WORKER).stream().map(n -> n.name()).toList();
        assertEquals(2, workers.size());
        // each worker's scratch, as its tar stream: a task's file of the same epoch and partition (a retry on the other
        // node), and one of its own
        Map<String, String> scratch = new HashMap<>();
        for (String w : workers) {
            Path out = Files.createDirectories(tmp.resolve("nodes").resolve(w).resolve("output"));
            Files.writeString(out.resolve("rt-e0000000003-p00000.parquet"), "rows from " + w);
            Files.writeString(
                    out.resolve("rt-e0000000004-p0000" + workers.indexOf(w) + ".parquet"), "more rows from " + w);
            Files.writeString(out.resolve("same.txt"), "the same bytes on both");
            scratch.put(w, tar(out));
        }
        Map<String, RecordingRemote> remotes = new ConcurrentHashMap<>();
        Remotes opened = new Remotes(n -> remotes.computeIfAbsent(
                n,
                h -> new RecordingRemote(h, cmd -> {
                    if (cmd.equals("test -d /scratch/output") && scratch.containsKey(h)) {
                        return new ExecResult(0, "", "");
                    }
                    if (cmd.startsWith("tar -cf - -C /scratch/output") && scratch.containsKey(h)) {
                        return new ExecResult(0, scratch.get(h), "");
                    }
                    return new ExecResult(1, "", "no such file");
                })));
        RunDirectory dir = new RunDirectory(tmp.resolve("results/run1"));
        Set<String> unfetched = ConcurrentHashMap.newKeySet(); // nodes are fetched at once

        List<String> problems = new NodeOutputs(topology, opened, PATHS, dir, false).fetchJobOutputs(unfetched);

        assertEquals(List.of(), problems);
        assertEquals(Set.of(), unfetched);
        // the nodes are fetched at once: whichever delivered first keeps the name, the other is kept beside it
        String first = Files.readString(dir.output().resolve("rt-e0000000003-p00000.parquet"))
                .substring("rows from ".length());
        String second =
                workers.stream().filter(w -> !w.equals(first)).findFirst().orElseThrow();
        assertTrue(workers.contains(first), first);
        assertEquals(
                "rows from " + second,
                Files.readString(dir.output().resolve(second + "-rt-e0000000003-p00000.parquet")),
                "the second is kept beside it, under its node's name");
        assertFalse(Files.exists(dir.output().resolve(second + "-same.txt")), "the same bytes twice are kept once");
        assertEquals(
                4,
                SinkFiles.of(dir.output()).files().size(),
                "the analysis reads every node's Parquet: " + SinkFiles.of(dir.output()));
        try (var s = Files.list(dir.root())) {
            assertEquals(
                    List.of("output"), s.map(p -> p.getFileName().toString()).toList(), "no staging left behind");
        }
    }

    @Test
    void nodesThatSeeTheRunDirectoryCopyTheirScratchIntoItThemselves() throws Exception {
        Topology topology = Layout.assign(Layout.localHosts(3), 1, 2, 1);
        List<String> workers =
                topology.with(Role.SPARK_WORKER).stream().map(n -> n.name()).toList();
        for (String w : workers) {
            Path out = Files.createDirectories(tmp.resolve("nodes").resolve(w).resolve("output"));
            Files.writeString(out.resolve("rt-e0000000003-p00000.parquet"), "rows from " + w);
        }
        Path driverScratch = tmp.resolve("nodes")
                .resolve(topology.with(Role.SPARK_MASTER).get(0).name());
        Files.createDirectories(driverScratch.resolve("checkpoint/offsets"));
        Files.writeString(driverScratch.resolve("checkpoint/offsets/0"), "v1");
        Files.writeString(driverScratch.resolve("progress.jsonl"), "{}\n");
        // each node runs its command on its own scratch (/scratch is the node's), writing into the shared run directory
        Remotes opened = new Remotes(n -> new RecordingRemote(n, cmd -> {
            String real = cmd.replace("/scratch/", tmp.resolve("nodes").resolve(n) + "/");
            try {
                Process p = new ProcessBuilder("bash", "-c", real)
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new ExecResult(p.waitFor(), out, "");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        RunDirectory dir = new RunDirectory(tmp.resolve("results/run2"));
        Set<String> unfetched = ConcurrentHashMap.newKeySet(); // nodes are fetched at once

        List<String> problems = new NodeOutputs(topology, opened, PATHS, dir, true).fetchJobOutputs(unfetched);

        assertEquals(List.of(), problems);
        String kept = Files.readString(dir.output().resolve("rt-e0000000003-p00000.parquet"))
                .substring("rows from ".length());
        String beside =
                workers.stream().filter(w -> !w.equals(kept)).findFirst().orElseThrow();
        assertTrue(workers.contains(kept), kept);
        assertEquals(
                "rows from " + beside,
                Files.readString(dir.output().resolve(beside + "-rt-e0000000003-p00000.parquet")));
        assertEquals("v1", Files.readString(dir.checkpoint().resolve("offsets/0")), "the driver's checkpoint");
        assertEquals("{}\n", Files.readString(dir.progress()), "and its progress");
        try (var st = Files.list(dir.root())) {
            assertEquals(
                    List.of("checkpoint", "output", "progress.jsonl"),
                    st.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging left behind");
        }
    }

    /** What {@code tar -cf - -C DIR .} sends, as RecordingRemote streams it (one char per byte). */
    private static String tar(Path dir) throws Exception {
        Process p = new ProcessBuilder("tar", "-cf", "-", "-C", dir.toString(), ".").start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
