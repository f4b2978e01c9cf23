package io.streamscale.run;

import io.streamscale.results.GeneratorFigures;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunSummary;
import io.streamscale.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.cluster.ClockOffsets;
import io.streamscale.cluster.ClusterLauncher;
import io.streamscale.cluster.NodeFiles;
import io.streamscale.cluster.OnEachNode;
import io.streamscale.cluster.RuntimeShipper;
import io.streamscale.cluster.Site;
import io.streamscale.remote.Remote;
import io.streamscale.cluster.ClusterTeardown;
import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.StateDir;
import io.streamscale.cluster.Transport;
import io.streamscale.fault.FaultInjector;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.LocalRemote;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.service.ClusterSpec;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonFailedException;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.JobSpecs;
import io.streamscale.service.KafkaService;
import io.streamscale.service.RunningDaemon;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end-to-end run on a {@link Site} (loopback aliases, or reserved nodes over SSH): cluster up (a model trained meanwhile if none is given), topic, scorer, load,
 * drain, teardown, summary. Teardown and the summary happen on every exit path (failure and Ctrl-C included); what
 * was measured up to then is kept and run.json says why the run is not complete. When the nodes do not share this
 * machine's filesystem, the runtime and the model are shipped to them and the jobs' outputs fetched back at the end
 * (on failure too).
 */
public final class PipelineRun {
    private static final Logger log = LoggerFactory.getLogger(PipelineRun.class);
    public static final String TOPIC = "requests";
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(30);

    private final RunSpec spec;
    private final RunDirectory dir;
    private final RuntimeLayout localRuntime;
    private final TemplateRenderer templates;
    private final Site site;
    private final String runId;
    private RunDirectory.JobPaths paths;
    private Transport transport;
    private Map<String, ClockOffsets.Offset> clockOffsets;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean cancelled;
    private volatile boolean trainingStopped;
    private volatile CompletableFuture<Path> training;
    private volatile String cancelReason = "interrupted";
    private volatile ClusterLauncher launcher;
    private DaemonController controller;
    private Remotes remotes;
    private RunningDaemon scorer;
    private int driverRestarts;
    private boolean generatorsFetched;
    private FaultInjector injector;
    private long loadStart;
    private Double drainSeconds;
    private final Phases phases = new Phases(System::nanoTime);
    private final io.streamscale.model.ModelCache models = io.streamscale.model.ModelCache.defaults();
    private volatile Boolean modelCached;

    private final ObjectNode provenance;
    private Topology topology;

    /** @param provenance what run.json records besides parameters and status (cell settings, versions) */
    public PipelineRun(RunSpec spec, RunDirectory dir, RuntimeLayout runtime, TemplateRenderer templates, ObjectNode provenance,
                       Site site) {
        this.spec = spec;
        this.dir = dir;
        this.localRuntime = runtime;
        this.templates = templates;
        this.provenance = provenance;
        this.site = site;
        this.runId = dir.root().getFileName() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** What happened. */
    public record Outcome(String status, String reason, ObjectNode summary) {
    }

    /** Stops the run at its next step; teardown and summary still happen (safe from a shutdown hook). */
    public void cancel() {
        cancel("interrupted (Ctrl-C or SIGTERM)");
    }

    /** As {@link #cancel()}, recording why in run.json. */
    public void cancel(String why) {
        cancelReason = why;
        cancelled = true;
        ClusterLauncher l = launcher;
        if (l != null) {
            l.cancel();
        }
    }

    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Outcome execute() {
        Instant started = Instant.now();
        String status = "complete";
        String reason = null;
        writeRunJson("running", null, started, null);
        try {
            phases.start("placement");
            topology = Layout.assign(site.hosts(), spec.kafka(), spec.spark(), spec.zookeeper(), spec.generatorNodes(), spec.ownMaster());
            transport = site.transport(runId, dir.state());
            remotes = new Remotes(transport);
            List<String> nodes = topology.nodes().stream().map(n -> n.name()).toList();
            CompletableFuture<Path> model = spec.model() != null ? CompletableFuture.completedFuture(Path.of(spec.model()))
                    : CompletableFuture.supplyAsync(this::train);
            training = model;
            clockOffsets = ClockOffsets.measure(nodes, remotes);
            partitionsPossible(nodes);
            writeRunJson("running", null, started, null);
            RuntimeLayout runtime = shipsFiles()
                    ? RuntimeShipper.ship(localRuntime, nodes, remotes, site.runtimeCache()) : localRuntime;
            paths = shipsFiles() ? RunDirectory.nodeJobPaths(transport.nodeRoot() + "/job") : dir.jobPaths();
            ClusterSpec cluster = new ClusterSpec(spec.kafka(), spec.spark(), spec.zookeeper(), spec.kafkaMode(),
                    spec.workerCores(), spec.workerMemory(), ClusterSpec.Heaps.defaults(), ClusterSpec.Ports.defaults(),
                    org.apache.kafka.common.Uuid.randomUuid().toString());
            Deployment deployment = Deployment.plan(dir.root().getFileName().toString(), cluster, topology, transport,
                    runtime, templates);
            controller = new DaemonController(remotes);
            launcher = new ClusterLauncher(controller, dir.state(), Duration.ofSeconds(120));
            if (cancelled) {
                throw new Readiness.Cancelled("the run");
            }
            log.info("run {}: starting {} Kafka + {} Spark + {} generator node(s)", dir.root().getFileName(),
                    spec.kafka(), spec.spark(), spec.generatorNodes());
            phases.start("cluster");
            launcher.up(deployment.initialState(), deployment.chains());
            phases.start("model");
            String modelDir = installModel(join(model));
            phases.start("topic");

            List<String> brokers = List.of(KafkaService.bootstrapServers(deployment.context()).split(","));
            TopicAdmin.createAndAwait(brokers, new TopicAdmin.TopicSpec(TOPIC, spec.effectivePartitions(),
                    spec.replicationFactor(), spec.minInsyncReplicas()), Duration.ofSeconds(60), () -> cancelled);
            log.info("topic {}: {} partition(s), replication factor {}", TOPIC, spec.effectivePartitions(), spec.replicationFactor());

            DaemonSpec scorerSpec = JobSpecs.scorer(deployment.context(), new JobSpecs.ScorerOptions(TOPIC,
                    modelDir, paths.output(), paths.checkpoint(), paths.progress(),
                    spec.scoringMode(), spec.trigger().toMillis(), spec.maxOffsetsPerTrigger(), spec.executorMemory(), "1g"));
            phases.start("scorer");
            scorer = launcher.launch(scorerSpec);
            long t0 = System.nanoTime();
            controller.awaitReady(scorer, Duration.ofSeconds(180), () -> cancelled);
            log.info("scorer: running ({} mode), first progress after {} s", spec.scoringMode(), (System.nanoTime() - t0) / 1_000_000_000);

            phases.start("load");
            List<RunningDaemon> generators = new ArrayList<>();
            for (DaemonSpec g : JobSpecs.generators(deployment.context(), new JobSpecs.LoadOptions(TOPIC, modelDir,
                    paths.generators(), spec.rate(), spec.totalMessages(), spec.instancesPerNode(), spec.acks(),
                    spec.lingerMs(), spec.batchSize(), spec.compression(), null))) {
                generators.add(launcher.launch(g));
            }
            loadStart = System.nanoTime();
            injector = spec.faults().isEmpty() ? null : faultInjector(brokers);
            log.info("load: {} msg/s for {} ({} messages) from {} generator instance(s)", spec.rate(),
                    io.streamscale.common.Durations.format(spec.duration()), spec.totalMessages(),
                    spec.generatorNodes() * spec.instancesPerNode());
            awaitGenerators(generators, scorerSpec);
            fetchGeneratorSummaries();
            var gen = io.streamscale.results.RunInputs.generators(dir);
            log.info("load done: {} sent, {} acked, {} failed", GeneratorFigures.sum(gen, GeneratorFigures::sent),
                    GeneratorFigures.sum(gen, GeneratorFigures::acked), GeneratorFigures.sum(gen, GeneratorFigures::failed));

            phases.start("drain");
            var driverNode = remotes.apply(scorer.spec().node());
            long drainStart = System.nanoTime();
            ProbeResult drained = Readiness.await("drain", spec.drainTimeout(),
                    () -> DrainWatcher.check(driverNode, paths.progress(),
                            String.join(",", brokers), TOPIC),
                    () -> cancelled, () -> watchDriver(scorerSpec));
            if (!drained.ready()) {
                throw new IllegalStateException("the scorer did not drain the topic within "
                        + spec.drainTimeout().toSeconds() + " s: " + drained.detail());
            }
            drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            log.info("scorer: {} ({} s after the load ended)", drained.detail(), String.format(java.util.Locale.ROOT, "%.1f", drainSeconds));
        } catch (Readiness.Cancelled e) {
            status = "interrupted";
            reason = cancelReason;
        } catch (RuntimeException e) {
            status = cancelled ? "interrupted" : "failed";
            reason = cancelled ? cancelReason : e.getMessage();
            log.error("run {}: {}", status, firstLine(reason));
        } finally {
            phases.start("teardown");
            healFaults();
            stopTraining();
            reason = teardown(reason);
            if (remotes != null) {
                remotes.close();
            }
        }
        phases.start("summary");
        writeRunJson(status, reason, started, Instant.now()); // first: the summary reads the run's status
        ObjectNode summary = RunSummary.of(dir, modelDir(), drainSeconds);
        phases.end();
        writeRunJson(status, reason, started, Instant.now());
        if (summary.has("summaryError")) {
            log.error("summary: {}", summary.path("summaryError").asText());
        }
        writeJson(dir.summaryJson(), summary);
        finished.countDown();
        return new Outcome(status, reason, summary);
    }

    private void awaitGenerators(List<RunningDaemon> generators, DaemonSpec scorerSpec) {
        Duration limit = spec.duration().plusSeconds(120);
        long[] lastLine = {loadStart};
        ProbeResult r = Readiness.await("generators", limit, () -> {
            long running = generators.stream().filter(controller::isAlive).count();
            return running == 0 ? ProbeResult.ready("all exited") : ProbeResult.notReady(running + " generator(s) still running");
        }, () -> cancelled, () -> {
            watchDriver(scorerSpec);
            long now = System.nanoTime();
            if (now - lastLine[0] >= 10_000_000_000L) {
                lastLine[0] = now;
                var last = remotes.apply(scorer.spec().node()).exec("tail -n 1 " + io.streamscale.remote.Shell.quote(
                        paths.progress()), Duration.ofSeconds(10));
                log.info("load: {} of {}; {}", io.streamscale.common.Durations.format(Duration.ofNanos(now - loadStart)),
                        io.streamscale.common.Durations.format(spec.duration()), ProgressLine.describe(last.stdout()));
            }
        });
        if (!r.ready()) {
            throw new IllegalStateException("the generators did not finish within " + limit.toSeconds() + " s: " + r.detail());
        }
        for (DaemonSpec g : generators.stream().map(RunningDaemon::spec).toList()) {
            String done = paths.generators() + "/done-" + g.node();
            if (!remotes.apply(g.node()).exec("test -e " + io.streamscale.remote.Shell.quote(done), Duration.ofSeconds(30)).ok()) {
                throw new DaemonFailedException(g.label() + " exited without finishing its load; see its log " + g.logFile());
            }
        }
    }

    /**
     * Due faults first; then the driver: dead is expected while a fault holds it (a restart is due), restarted from its
     * checkpoint when supervised, and otherwise the end of the run.
     */
    private void watchDriver(DaemonSpec scorerSpec) {
        if (injector != null) {
            injector.tick(Duration.ofNanos(System.nanoTime() - loadStart));
        }
        if (controller.isAlive(scorer) || (injector != null && injector.holds(scorer))) {
            return;
        }
        if (spec.superviseDriver()) {
            log.warn("{}: died; restarting it from its checkpoint (supervised){}", scorer.label(), controller.logTail(scorer));
            scorer = launcher.launch(scorerSpec);
            driverRestarts++;
            return;
        }
        throw new DaemonFailedException(scorer.label() + " died" + controller.logTail(scorer));
    }

    private FaultInjector faultInjector(List<String> brokers) {
        FaultInjector.Cluster cluster = new FaultInjector.Cluster() {
            @Override
            public List<RunningDaemon> daemons() {
                return launcher.state().daemons();
            }

            @Override
            public RunningDaemon relaunch(DaemonSpec d) {
                RunningDaemon again = launcher.launch(d);
                if (d.kind() == io.streamscale.service.ServiceKind.SCORER) {
                    scorer = again;
                }
                return again;
            }

            @Override
            public java.util.Optional<String> leaderNode(int partition) {
                return TopicAdmin.leader(String.join(",", brokers), TOPIC, partition).flatMap(id -> daemons().stream()
                        .filter(d -> d.spec().id().equals("kafka-" + id)).map(d -> d.spec().node()).findFirst());
            }

            @Override
            public void partition(RunningDaemon d, boolean cut) {
                io.streamscale.fault.TrafficCut.apply(remotes.apply(d.spec().node()), d, cut);
            }
        };
        FaultInjector i = new FaultInjector(spec.faults(), spec.warmup(), spec.duration(), controller, cluster,
                new io.streamscale.fault.FaultLog(dir.faults()), Instant::now);
        log.info("faults: {} strike(s) and heal(s) scheduled; see {}", i.schedule().size(), dir.faults());
        return i;
    }

    /** A partition fault needs root and iptables on the nodes: checked before anything starts. */
    private void partitionsPossible(List<String> nodes) {
        if (spec.faults().stream().noneMatch(f -> f.action() == io.streamscale.fault.FaultAction.PARTITION)) {
            return;
        }
        OnEachNode.apply(nodes, n -> {
            var r = remotes.apply(n).exec(io.streamscale.fault.TrafficCut.PROBE, Duration.ofSeconds(30));
            if (!r.ok()) {
                throw new IllegalStateException("a partition fault needs root and iptables on every node; on " + n + " `"
                        + io.streamscale.fault.TrafficCut.PROBE + "` failed: " + r.stderr().strip());
            }
            return null;
        });
    }

    /** The final heal, on every exit path: nothing stays paused or cut off. */
    private void healFaults() {
        if (injector != null) {
            try {
                injector.healAll(Duration.ofNanos(System.nanoTime() - loadStart));
            } catch (RuntimeException e) {
                log.error("faults: final heal failed: {}", e.getMessage());
            }
        }
    }

    /** A run that failed before its model was ready does not leave the trainer running. */
    private void stopTraining() {
        trainingStopped = true;
        CompletableFuture<Path> t = training;
        if (t != null) {
            try {
                t.get(2, TimeUnit.MINUTES);
            } catch (Exception e) { // its failure, if any, was reported or is beside the point now
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                log.debug("trainer: {}", e.getMessage());
            }
        }
    }

    private Path train() {
        ModelTrainer.Result m = new ModelTrainer(localRuntime, templates, models).obtain(spec.training(),
                dir.root().getFileName().toString(), () -> cancelled || trainingStopped);
        modelCached = m.cached();
        log.info("model: {} {} {}", spec.training().describe(), m.cached() ? "from the cache:" : "trained into the cache:", m.dir());
        return m.dir();
    }

    private String teardown(String reason) {
        ClusterLauncher l = launcher;
        if (l == null) {
            return reason;
        }
        List<String> problems = new java.util.ArrayList<>(
                new ClusterTeardown(controller, dir.state()).down(l.state(), Duration.ofSeconds(20), true));
        if (shipsFiles()) {
            problems.addAll(fetchJobOutputs());
        }
        problems.addAll(removeNodeScratch());
        if (problems.isEmpty()) {
            return reason;
        }
        String left = "teardown problems: " + String.join("; ", problems);
        log.error(left);
        return reason == null ? left : reason + "; " + left;
    }

    /** Whether files go to the nodes and back (nodes that do not see this machine's files). */
    private boolean shipsFiles() {
        return !site.isLocal() && !site.sharedFilesystem();
    }

    /** The model as the jobs see it: installed on the Spark and generator nodes when they do not share files. */
    private String installModel(Path local) {
        if (!shipsFiles()) {
            return local.toString();
        }
        List<String> users = topology.nodes().stream().filter(n -> n.has(io.streamscale.topology.Role.SPARK_WORKER)
                || n.has(io.streamscale.topology.Role.GENERATOR)).map(n -> n.name()).toList();
        OnEachNode.apply(users, n -> NodeFiles.install(remotes.apply(n), local, paths.model()));
        log.info("model: installed on {} at {}", String.join(", ", users), paths.model());
        return paths.model();
    }

    private void fetchGeneratorSummaries() {
        if (shipsFiles() && !generatorsFetched) {
            OnEachNode.apply(topology.with(io.streamscale.topology.Role.GENERATOR).stream().map(n -> n.name()).toList(), n -> {
                remotes.apply(n).downloadTree(paths.generators(), dir.generators(), FETCH_TIMEOUT);
                return null;
            });
            generatorsFetched = true;
        }
    }

    /** Output parts from every Spark node (executors write them), checkpoint and progress from the driver's. */
    private List<String> fetchJobOutputs() {
        List<String> problems = new java.util.ArrayList<>();
        if (paths == null) {
            return problems;
        }
        String driver = topology.with(io.streamscale.topology.Role.SPARK_MASTER).get(0).name();
        for (var n : topology.nodes()) {
            Remote r = remotes.apply(n.name());
            List<String[]> trees = new java.util.ArrayList<>();
            if (n.has(io.streamscale.topology.Role.SPARK_WORKER)) {
                trees.add(new String[] {paths.output(), dir.output().toString()});
            }
            if (n.name().equals(driver)) {
                trees.add(new String[] {paths.checkpoint(), dir.checkpoint().toString()});
            }
            if (n.has(io.streamscale.topology.Role.GENERATOR) && !generatorsFetched) { // after a failure mid-load
                trees.add(new String[] {paths.generators(), dir.generators().toString()});
            }
            for (String[] t : trees) {
                if (r.exec("test -d " + io.streamscale.remote.Shell.quote(t[0]), Duration.ofSeconds(30)).ok()) {
                    try {
                        r.downloadTree(t[0], Path.of(t[1]), FETCH_TIMEOUT);
                    } catch (RuntimeException e) {
                        problems.add("fetching " + t[0] + " from " + n.name() + ": " + e.getMessage());
                    }
                }
            }
            if (n.name().equals(driver) && r.exec("test -f " + io.streamscale.remote.Shell.quote(paths.progress()), Duration.ofSeconds(30)).ok()) {
                try {
                    r.download(paths.progress(), dir.progress());
                } catch (RuntimeException e) {
                    problems.add("fetching " + paths.progress() + " from " + n.name() + ": " + e.getMessage());
                }
            }
        }
        try {
            SinkMetadata.relocate(dir.output(), paths.output());
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        log.info("results: fetched from {} node(s) into {}", topology.nodes().size(), dir.root());
        return problems;
    }

    /** The run's node-local directories go once logs and outputs are copied out; a shipped runtime stays for reuse. */
    private List<String> removeNodeScratch() {
        if (site.isLocal()) {
            deleteTree(dir.state().localNodesRoot());
            return List.of();
        }
        List<String> problems = new java.util.ArrayList<>();
        for (var n : topology.nodes()) {
            try {
                remotes.apply(n.name()).run("rm -rf " + io.streamscale.remote.Shell.quote(transport.nodeRoot()), Duration.ofMinutes(2));
            } catch (RuntimeException e) {
                problems.add("removing " + transport.nodeRoot() + " on " + n.name() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** The model the run scored with (given, or the cached one of its spec), or null if there is none. */
    private Path modelDir() {
        Path model = spec.model() != null ? Path.of(spec.model()) : models.dir(spec.training());
        return Files.exists(model.resolve("model.json")) ? model : null;
    }

    private void writeRunJson(String status, String reason, Instant start, Instant end) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("run", dir.root().getFileName().toString());
        r.put("status", status);
        r.put("reason", reason);
        r.put("start", start.toString());
        r.put("end", end == null ? null : end.toString());
        r.set("parameters", Json.MAPPER.valueToTree(spec));
        r.put("topic", TOPIC);
        r.put("messages", spec.totalMessages());
        ObjectNode m = r.putObject("model");
        if (spec.model() != null) {
            m.put("dir", spec.model()).put("given", true);
        } else {
            m.put("dir", models.dir(spec.training()).toString()).put("key", io.streamscale.model.ModelCache.key(spec.training()))
                    .put("cached", modelCached);
        }
        Path info = Path.of(m.path("dir").asText(), "model.json");
        if (Files.isRegularFile(info)) {
            try {
                m.set("trained", Json.MAPPER.readTree(info.toFile())); // rank, iterations, RMSE as the trainer saved them
            } catch (IOException e) {
                m.put("trained", "unreadable: " + e.getMessage());
            }
        }
        r.set("phaseSeconds", Json.MAPPER.valueToTree(phases.seconds())); // how long each phase took (overhead = all but load)
        r.put("driverRestartsBySupervisor", driverRestarts);
        r.set("faults", Json.MAPPER.valueToTree(spec.faults().stream().map(io.streamscale.fault.FaultSpec::describe).toList()));
        r.put("reservation", site.reservation());
        r.put("sharedFilesystem", site.isLocal() || site.sharedFilesystem());
        if (transport != null) {
            r.put("nodeScratch", transport.nodeRoot());
        }
        if (clockOffsets != null) {
            ObjectNode clocks = r.putObject("clockOffsets"); // node clock minus the orchestrator's, within +- bound
            clockOffsets.forEach((n, o) -> {
                ObjectNode c = clocks.putObject(n).put("offsetMillis", o.offsetMillis()).put("boundMillis", o.boundMillis())
                        .put("pings", o.pings());
                ObjectNode sync = c.putObject("timeSync").put("daemon", o.timeSync().daemon()).put("detail", o.timeSync().detail());
                if (!Double.isNaN(o.timeSync().offsetMillis())) {
                    sync.put("offsetMillis", o.timeSync().offsetMillis());
                }
            });
        }
        if (topology != null) {
            ObjectNode nodes = r.putObject("nodes");
            topology.nodes().forEach(n -> nodes.putObject(n.name()).put("address", n.address())
                    .set("roles", Json.MAPPER.valueToTree(n.roles().stream().map(Enum::name).sorted().toList())));
        }
        r.setAll(provenance);
        writeJson(dir.runJson(), r);
    }

    private static void writeJson(Path file, JsonNode node) {
        try {
            Files.createDirectories(file.getParent());
            Json.MAPPER.writeValue(file.toFile(), node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", root, e.getMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
