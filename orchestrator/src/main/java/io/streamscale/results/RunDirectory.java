package io.streamscale.results;

import io.streamscale.cluster.StateDir;
import io.streamscale.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place that knows a run directory's layout: {@code run.json} (parameters, times, status), {@code summary.json}
 * (accounting and latencies), {@code output/} (the scorer's Parquet), {@code checkpoint/} (its Structured Streaming
 * checkpoint), {@code generators/} (one summary per generator instance), {@code progress.jsonl} (every
 * StreamingQueryProgress), {@code faults.jsonl} (every fault strike and heal), {@code model/} (when trained for the run),
 * {@code windows.csv} and {@code report.json} (the report's), and, through {@link StateDir} on the same root,
 * {@code cluster.json}, {@code configs/} and {@code logs/}.
 */
public record RunDirectory(Path root) {
    public RunDirectory {
        root = root.toAbsolutePath().normalize();
    }

    /** The status run.json records, or null when there is none (never run, or unreadable: run it again). */
    public RunStatus status() {
        if (!Files.exists(runJson())) {
            return null;
        }
        try {
            return RunStatus.of(
                    Json.MAPPER.readTree(runJson().toFile()).path("status").asText());
        } catch (IOException e) {
            return null;
        }
    }

    /** Moves this run's directory aside as {@code rep-N.attempt-M} (a resumed study runs it again, the old kept). */
    public void moveAside() {
        if (!Files.exists(root)) {
            return;
        }
        try {
            for (int n = 1; ; n++) {
                Path aside = root.resolveSibling(root.getFileName() + ".attempt-" + n);
                if (!Files.exists(aside)) {
                    Files.move(root, aside);
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the old attempt " + root + " aside", e);
        }
    }

    public StateDir state() {
        return new StateDir(root);
    }

    public Path runJson() {
        return root.resolve("run.json");
    }

    public Path summaryJson() {
        return root.resolve("summary.json");
    }

    public Path output() {
        return root.resolve("output");
    }

    public Path checkpoint() {
        return root.resolve("checkpoint");
    }

    public Path generators() {
        return root.resolve("generators");
    }

    /** Every fault injected and healed, one JSON object per line. */
    public Path faults() {
        return root.resolve("faults.jsonl");
    }

    public Path progress() {
        return root.resolve("progress.jsonl");
    }

    /** When each batch's (epoch's) rows became readable: one line per batch, stamped by the scorer's driver. */
    public Path commits() {
        return root.resolve("commits.jsonl");
    }

    /** The report's windows of this run (written by {@code report}). */
    public Path windowsCsv() {
        return root.resolve("windows.csv");
    }

    /** The report's figures for this run: steady state, accounting, verdict, recovery. */
    public Path reportJson() {
        return root.resolve("report.json");
    }

    public Path model() {
        return root.resolve("model");
    }

    public Path jobs() {
        return root.resolve("jobs");
    }

    /** Where the jobs on the nodes read and write: paths inside this directory (the nodes see it: shared filesystem). */
    public JobPaths jobPaths() {
        return new JobPaths(
                model().toString(),
                output().toString(),
                checkpoint().toString(),
                progress().toString(),
                commits().toString(),
                generators().toString());
    }

    /**
     * The same layout under a node-local directory, for nodes that do not see this machine's files: the model is
     * installed there, the outputs are fetched from there into this directory at the end.
     */
    public static JobPaths nodeJobPaths(String root) {
        return new JobPaths(
                root + "/model",
                root + "/output",
                root + "/checkpoint",
                root + "/progress.jsonl",
                root + "/commits.jsonl",
                root + "/generators");
    }

    /** Paths as the jobs on the nodes see them (the same string on every node). */
    public record JobPaths(
            String model, String output, String checkpoint, String progress, String commits, String generators) {}
}
