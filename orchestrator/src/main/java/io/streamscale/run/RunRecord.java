package io.streamscale.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.cluster.ClockOffsets;
import io.streamscale.cluster.Site;
import io.streamscale.cluster.StaleDaemons;
import io.streamscale.common.AtomicFiles;
import io.streamscale.common.Json;
import io.streamscale.fault.FaultSpec;
import io.streamscale.jobs.generator.Schedule;
import io.streamscale.model.ModelCache;
import io.streamscale.results.ClockCorrection;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunStatus;
import io.streamscale.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * run.json: what a run was asked to do (parameters, model, faults, provenance) and what became of it (status, reason,
 * placement, clock offsets, each phase's duration). Written at the start, once the nodes are placed, and at the end;
 * each write replaces the file whole, so a reader never sees half of one.
 */
final class RunRecord {
    private final RunSpec spec;
    private final RunDirectory dir;
    private final Site site;
    private final ObjectNode provenance;
    private final Phases phases;
    private final ModelCache models;
    private String nodeScratch;
    private Topology topology;
    private ClockOffsets.Readings clockOffsets;
    private ClockOffsets.Readings clockOffsetsAfter;
    private Boolean modelCached;
    private String modelTrainedOn;
    private int driverRestarts;
    private ScorerWarmup scorerWarmup;
    private List<MachineLoad.Load> machineLoad;
    private List<StaleDaemons.Stopped> staleStopped = List.of();
    private String jobOutputs;

    RunRecord(RunSpec spec, RunDirectory dir, Site site, ObjectNode provenance, Phases phases, ModelCache models) {
        this.spec = spec;
        this.dir = dir;
        this.site = site;
        this.provenance = provenance;
        this.phases = phases;
        this.models = models;
    }

    synchronized void placed(Topology topology, String nodeScratch) {
        this.topology = topology;
        this.nodeScratch = nodeScratch;
    }

    /** The nodes' clocks read just before the load ({@code after}: false) or after the drain. */
    synchronized void clocks(boolean after, ClockOffsets.Readings readings) {
        if (after) {
            this.clockOffsetsAfter = readings;
        } else {
            this.clockOffsets = readings;
        }
    }

    synchronized void modelObtained(boolean cached, String trainedOn) {
        this.modelCached = cached;
        this.modelTrainedOn = trainedOn;
    }

    /** What the scorer's own warm-up cost (from its log), or null when it did none or its log is missing. */
    synchronized void scorerWarmup(ScorerWarmup w) {
        this.scorerWarmup = w;
    }

    /** How busy the run's machines were over the steady state, and with what (empty: not read). */
    synchronized void machineLoad(List<MachineLoad.Load> loads) {
        this.machineLoad = loads;
    }

    /** Where the scorer's output, checkpoint and progress were written during the load, and how they came back. */
    synchronized void jobOutputs(String how) {
        this.jobOutputs = how;
    }

    /** Daemons of earlier runs found on the run's nodes and stopped before it started. */
    synchronized void staleStopped(List<StaleDaemons.Stopped> stopped) {
        this.staleStopped = stopped;
    }

    synchronized void driverRestarts(int n) {
        this.driverRestarts = n;
    }

    synchronized void write(RunStatus status, String reason, Instant start, Instant end) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("run", dir.root().getFileName().toString());
        r.put("status", status.toString());
        r.put("reason", reason);
        r.put("start", start.toString());
        r.put("end", end == null ? null : end.toString());
        r.set("parameters", Json.MAPPER.valueToTree(spec));
        r.put("topic", PipelineRun.TOPIC);
        r.put("messages", spec.totalMessages());
        double warm =
                spec.load().warmup().toMillis() / 1000.0; // the load before the measured part: what warming up cost
        double ramp = spec.load().ramp().toMillis() / 1000.0;
        int steps = spec.load().rampSteps();
        r.putObject("warmup")
                .put("seconds", warm)
                .put("rampSeconds", ramp)
                .put("rampSteps", steps)
                .put(
                        "messages",
                        Math.round(Schedule.messages(
                                spec.load().rate(),
                                spec.load().warmup().toNanos(),
                                spec.load().ramp().toNanos(),
                                steps)))
                .put(
                        "what",
                        "the same topic before the measured part, left out of steady-state figures: the rate rising"
                                + (steps > 0 ? " in " + steps + " equal steps" : " linearly")
                                + " from 0 over the ramp, then the full rate");
        if (scorerWarmup != null) {
            r.with("warmup")
                    .putObject("scorer")
                    .put("messages", scorerWarmup.messages())
                    .put("seconds", scorerWarmup.seconds())
                    .put(
                            "what",
                            "before the load: messages of a topic of its own, scored by a streaming query like the measured one");
        }
        r.set("model", model());
        r.set(
                "phaseSeconds",
                Json.MAPPER.valueToTree(phases.seconds())); // how long each phase took (overhead = all but load)
        r.put("driverRestartsBySupervisor", driverRestarts);
        if (machineLoad != null && !machineLoad.isEmpty()) {
            ObjectNode m = r.putObject("machineLoad")
                    .put(
                            "what",
                            "cores in use over the steady part of the load, from /proc:"
                                    + " busy (user and system time), of which the run's processes and other work; and what the hypervisor took");
            m.set("machines", Json.MAPPER.valueToTree(machineLoad));
        }
        r.set(
                "faults",
                Json.MAPPER.valueToTree(
                        spec.faults().stream().map(FaultSpec::describe).toList()));
        r.put("reservation", site.reservation());
        r.put("sharedFilesystem", site.isLocal() || site.sharedFilesystem());
        if (nodeScratch != null) {
            r.put("nodeScratch", nodeScratch);
        }
        if (jobOutputs != null) {
            r.put("jobOutputs", jobOutputs);
        }
        if (!staleStopped.isEmpty()) {
            r.set("staleDaemonsStopped", Json.MAPPER.valueToTree(staleStopped));
        }
        clocks(r, "clockOffsets", clockOffsets);
        clocks(r, "clockOffsetsAfter", clockOffsetsAfter);
        if (topology != null) {
            ObjectNode nodes = r.putObject("nodes");
            topology.nodes()
                    .forEach(n -> nodes.putObject(n.name())
                            .put("address", n.address())
                            .set(
                                    "roles",
                                    Json.MAPPER.valueToTree(n.roles().stream()
                                            .map(Enum::name)
                                            .sorted()
                                            .toList())));
        }
        if (clockOffsets != null) { // what the analysis subtracts from each node's timestamps
            r.set("clockCorrection", ClockCorrection.of(r).toJson());
        }
        r.setAll(provenance);
        writeWhole(dir.runJson(), r);
    }

    /** Node clock minus the orchestrator's, within +- bound, and the nodes whose clock could not be read. */
    private static void clocks(ObjectNode r, String key, ClockOffsets.Readings readings) {
        if (readings == null) {
            return;
        }
        ObjectNode clocks = r.putObject(key);
        readings.offsets().forEach((n, o) -> {
            ObjectNode c = clocks.putObject(n)
                    .put("offsetMillis", o.offsetMillis())
                    .put("boundMillis", o.boundMillis())
                    .put("pings", o.pings())
                    .put("clock", o.clock());
            ObjectNode sync = c.putObject("timeSync")
                    .put("daemon", o.timeSync().daemon())
                    .put("detail", o.timeSync().detail());
            if (!Double.isNaN(o.timeSync().offsetMillis())) {
                sync.put("offsetMillis", o.timeSync().offsetMillis());
            }
        });
        readings.failures().forEach((n, why) -> clocks.putObject(n).put("failed", why));
    }

    /** The model the run scores with: given, or its spec's in the cache (key, whether it was there), and how it was trained. */
    private ObjectNode model() {
        ObjectNode m = Json.MAPPER.createObjectNode();
        if (spec.model().path() != null) {
            m.put("dir", spec.model().path()).put("given", true);
        } else {
            try {
                m.put("dir", models.dir(spec.model().training()).toString())
                        .put("key", ModelCache.key(spec.model().training()))
                        .put("cached", modelCached);
                if (modelTrainedOn != null) {
                    m.put("trainedOn", modelTrainedOn);
                }
            } catch (RuntimeException e) { // e.g. the ratings cannot be read: the run itself says so
                return m.put("error", e.getMessage());
            }
        }
        Path info = Path.of(m.path("dir").asText(), "model.json");
        if (Files.isRegularFile(info)) {
            try {
                m.set(
                        "trained",
                        Json.MAPPER.readTree(info.toFile())); // rank, iterations, RMSE as the trainer saved them
            } catch (IOException e) {
                m.put("trained", "unreadable: " + e.getMessage());
            }
        }
        return m;
    }

    /** Written to a temporary file and renamed over the old one. */
    static void writeWhole(Path file, JsonNode node) {
        try {
            AtomicFiles.writeJson(file, node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
