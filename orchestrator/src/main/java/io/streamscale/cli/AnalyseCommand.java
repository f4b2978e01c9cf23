package io.streamscale.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.common.AtomicFiles;
import io.streamscale.common.Json;
import io.streamscale.results.RunDirectory;
import io.streamscale.run.LocalAnalyst;
import io.streamscale.template.TemplateRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "analyse",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Make a measured run's summary.json from its files: the accounting, the invariants, a prediction "
                    + "check and the steady-state latencies, as `run` does when a run ends. `run` has a reserved node do "
                    + "this when it orchestrates from a cluster's front-end (the front-end only orchestrates); use it to "
                    + "redo a summary, or to make one that a node could not (run it on a node: srun, or ssh inside your "
                    + "reservation)."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale analyse results/quickstart/k1s1_5000ps/rep-1",
            "  srun -N1 bin/streamscale analyse results/scaling/k3s3_16700ps/rep-1",
            "Exit status: 0 when the summary was made, 1 when it says what could not be read, 2 on bad input."
        })
final class AnalyseCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run's directory (holding run.json).")
    Path dir;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "The model it scored with, for the prediction check (default: run.json's model.dir).")
    Path model;

    @Option(
            names = "--drain-seconds",
            paramLabel = "S",
            description = "How long the backlog took to score after the load (run knows it; default: left out).")
    Double drainSeconds;

    @Option(
            names = "--node",
            paramLabel = "NAME",
            description = "The node this runs on, recorded as summary.json's analysedOn.node.")
    String node;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        RunDirectory run = new RunDirectory(dir.toAbsolutePath().normalize());
        if (!Files.isRegularFile(run.runJson())) {
            throw new CommandLine.ParameterException(cmd.commandLine(), dir + ": not a run directory (no run.json)");
        }
        Path m = model != null ? model : modelOf(run);
        ObjectNode summary =
                new LocalAnalyst(new TemplateRenderer(Home.get().resolve("templates"))).summarize(run, m, drainSeconds);
        summary.set("analysedOn", where());
        try {
            AtomicFiles.writeJson(run.summaryJson(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + run.summaryJson(), e);
        }
        out.println("summary: " + run.summaryJson()
                + (summary.has("summaryError")
                        ? " (" + summary.path("summaryError").asText() + ")"
                        : ""));
        out.flush();
        return summary.has("summaryError") ? 1 : 0;
    }

    /** Which node made it: the name it was given and what this process can see of where it runs. */
    private ObjectNode where() {
        ObjectNode w = Json.MAPPER.createObjectNode();
        w.put("node", node != null ? node : "this machine");
        String slurm = System.getenv("SLURMD_NODENAME"); // set in a SLURM step
        String ssh = System.getenv("SSH_CONNECTION"); // client ip, port, server ip, port
        if (slurm != null) {
            w.put("slurmNode", slurm);
        }
        if (ssh != null && ssh.split(" ").length == 4) {
            w.put("sshServerAddress", ssh.split(" ")[2]);
        }
        return w;
    }

    private static Path modelOf(RunDirectory run) {
        try {
            JsonNode dir =
                    Json.MAPPER.readTree(run.runJson().toFile()).path("model").path("dir");
            return dir.isTextual() ? Path.of(dir.asText()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
