package io.streamscale.run;

import io.streamscale.results.RunStatus;
import io.streamscale.results.GeneratorFigures;
import io.streamscale.results.RunDirectory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.cluster.ClockOffsets;
import io.streamscale.jobs.delivery.DeliveryMain;
import io.streamscale.cluster.ClusterLauncher;
import io.streamscale.cluster.RuntimeShipper;
import io.streamscale.cluster.Site;
import io.streamscale.cluster.ClusterTeardown;
import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.Preflight;
import io.streamscale.cluster.PreflightException;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.StaleDaemons;
import io.streamscale.cluster.Transport;
import io.streamscale.fault.FaultInjector;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.runtime.NativeCheck;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end-to-end run on a {@link Site} (loopback aliases, or reserved nodes over SSH), in phases: placement, cluster (the
 * model got meanwhile), topic, scorer, load, drain, teardown, summary. Teardown and the summary happen on every exit path (failure and Ctrl-C included); what
 * was measured up to then is kept and run.json says why the run is not complete. When the nodes do not share this
 * machine's filesystem, the runtime and the model are shipped to them and the jobs' outputs fetched back at the end
 * (on failure too).
 */
public final class PipelineRun {
    private static final Logger log = LoggerFactory.getLogger(PipelineRun.class);
    public static final String TOPIC = "requests";
    /** The Kafka sink's topic, and the group its reader commits what it has written as. */
    public static final String OUTPUT_TOPIC = TOPIC + RunSpec.OUTPUT_TOPIC_SUFFIX;
    static final String DELIVERY_GROUP = DeliveryMain.GROUP;

    private final RunSpec spec;
    private final RunDirectory dir;
    private final RuntimeLayout localRuntime;
    private final TemplateRenderer templates;
    private final Site site;
    private final String runId;
    private RunDirectory.JobPaths paths;
    private Transport transport;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Instant started;
    private RunStatus status;
    private String reason;
    /** What kept the run from starting any daemon ("preflight" or "setup"), or null once one started. */
    private String notStartedBy;
    private volatile boolean cancelled;
    private volatile String cancelReason = "interrupted";
    private volatile ClusterLauncher launcher;
    private DaemonController controller;
    private Remotes remotes;
    private ScorerSupervisor scorer;
    private NodeOutputs outputs;
    private FaultInjector injector;
    private MachineLoad machineLoad;
    private long loadStart;
    private Double drainSeconds;
    private final Phases phases = new Phases(System::nanoTime);
    private final RunLoop loop = new RunLoop(RunLoop.Clock.system(), RunLoop.BEAT);
    private final RunRecord record;
    private final RunModel model;
    private Topology topology;
    private final java.util.function.Function<Transport, Remotes> openRemotes;

    /** @param provenance what run.json records besides parameters and status (cell settings, versions) */
    public PipelineRun(RunSpec spec, RunDirectory dir, RuntimeLayout runtime, TemplateRenderer templates, ObjectNode provenance,
                       Site site) {
        this(spec, dir, runtime, templates, provenance, site, Remotes::new, io.streamscale.model.ModelCache.defaults());
    }

    /**
     * @param remotes    how the run reaches its nodes over a transport (tests: recording remotes)
     * @param modelCache where models are kept between runs
     */
    PipelineRun(RunSpec spec, RunDirectory dir, RuntimeLayout runtime, TemplateRenderer templates, ObjectNode provenance,
                Site site, java.util.function.Function<Transport, Remotes> remotes, io.streamscale.model.ModelCache modelCache) {
        this.openRemotes = remotes;
        this.spec = spec;
        this.dir = dir;
        this.localRuntime = runtime;
        this.templates = templates;
        this.site = site;
        this.runId = dir.root().getFileName() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var models = modelCache;
        this.record = new RunRecord(spec, dir, site, provenance, phases, models);
        this.model = new RunModel(spec, models, new ModelTrainer(templates, models), record);
    }

    /** What happened. */
    public record Outcome(RunStatus status, String reason, ObjectNode summary) {
        /** Preflight refused the nodes: the same nodes (or the same site) would refuse the next run too. */
        public boolean refusedByPreflight() {
            return "preflight".equals(summary.path("notStarted").asText());
        }

        /** Nothing ran: no daemon was started, so there is nothing to analyse or report. */
        public boolean notStarted() {
            return summary.has("notStarted");
        }
    }

    /** Whether the run started no daemon (after {@link #measure()}): refused by preflight, failed or cut short before. */
    public boolean startedNothing() {
        return notStartedBy != null;
    }

    /** Stops the run at its next step; teardown and summary still happen (safe from a shutdown hook). */
    public void cancel() {
        cancel("interrupted (Ctrl-C or SIGTERM)");
    }

    /** As {@link #cancel()}, recording why in run.json. */
    public void cancel(String why) {
        cancelReason = why;
        cancelled = true;
        loop.wake();
        ClusterLauncher l = launcher;
        if (l != null) {
            l.cancel();
        }
    }

    /** Waits until {@link #measure()} has torn down (or the run never started). */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@link #measure()} then {@link #summarize()}: for nodes that stay once the run is over (local mode, a shared reservation). */
    public Outcome execute() {
        measure();
        return summarize();
    }

    /**
     * Everything that needs the nodes: placement, the cluster, the load, the drain and teardown (which always runs).
     * The nodes can be released when it returns; {@link #summarize()} reads only the run directory.
     */
    public void measure() {
        started = Instant.now();
        status = RunStatus.COMPLETE;
        reason = null;
        record.write(RunStatus.RUNNING, null, started, null);
        try {
            phases.start("placement");
            topology = Layout.assign(site.hosts(), spec.cluster().kafka(), spec.cluster().spark(), spec.cluster().zookeeper(),
                    spec.generators().nodes(), spec.cluster().ownMaster());
            transport = site.transport(runId, dir.state());
            remotes = openRemotes.apply(transport);
            List<String> nodes = topology.nodes().stream().map(n -> n.name()).toList();
            record.placed(topology, transport.nodeRoot()); // where it runs is recorded even if the nodes do not answer
            if (!site.isLocal()) { // reserved nodes are ours alone: our daemons there are an earlier run's, killed hard
                List<StaleDaemons.Stopped> stale = StaleDaemons.sweep(nodes, remotes);
                if (!stale.isEmpty()) {
                    log.warn("run {}: stopped {} daemon(s) an earlier run left on its nodes: {}", dir.root().getFileName(),
                            stale.size(), StaleDaemons.describe(stale));
                    record.staleStopped(stale);
                }
            }
            // reachability only: the offsets applied are read by a JVM once the runtime is on the nodes
            ClockOffsets.Readings clocks = ClockOffsets.read(nodes, remotes, ClockOffsets.Probe.SHELL);
            // every node checked at once before anything is shipped or started (ports from a plan on the local runtime:
            // the same ports as the real one); a clock that could not be read is a row of the same table
            Preflight.check(Preflight.of(nodes, Deployment.plan(dir.root().getFileName().toString(), spec.clusterSpec("preflight"),
                    topology, transport, localRuntime, templates).daemons(), localRuntime.java(), transport.nodeRoot(),
                    (shipsFiles() ? SHIPPED_FREE_BYTES : LOCAL_FREE_BYTES) + RunBytes.of(spec).kafkaPerBroker(), sharesFiles() ? NativeCheck.command(localRuntime.java()) : null), remotes, clocks.failures().entrySet().stream()
                    .map(e -> new Preflight.Failure(e.getKey(), "clock", e.getValue())).toList());
            RunFaults.checkPossible(spec.faults(), nodes, remotes);
            // rules a run that died mid-partition left on these nodes would cut this run's daemons
            nodes.forEach(n -> io.streamscale.fault.TrafficCut.clearAll(remotes.apply(n)));
            record.write(RunStatus.RUNNING, null, started, null);
            RuntimeLayout runtime = shipsFiles()
                    ? RuntimeShipper.ship(localRuntime, nodes, remotes, site.runtimeCache()) : localRuntime;
            paths = site.isLocal() ? dir.jobPaths() : nodeJobPaths();
            outputs = site.isLocal() ? null : new NodeOutputs(topology, remotes, paths, dir, sharesFiles());
            record.jobOutputs(site.isLocal() ? "the run directory" : "node-local scratch (" + paths.checkpoint().replaceFirst("/checkpoint$", "")
                    + "), " + (sharesFiles() ? "copied into the run directory by each node" : "fetched into the run directory")
                    + " after the drain" + (paths.output().equals(dir.output().toString()) ? "; the output itself in place"
                    + " (real-time Parquet on a shared filesystem)" : ""));
            model.start(dir.root().getFileName().toString(), () -> cancelled, RunModel.trainingPlace(site, topology, remotes,
                    localRuntime, runtime, shipsFiles() ? transport.nodeRoot() + "/trainer" : null));
            ClusterSpec cluster = spec.clusterSpec(org.apache.kafka.common.Uuid.randomUuid().toString());
            Deployment deployment = Deployment.plan(dir.root().getFileName().toString(), cluster, topology, transport,
                    runtime, templates);
            controller = new DaemonController(remotes);
            launcher = new ClusterLauncher(controller, dir.state(), Duration.ofSeconds(120));
            if (cancelled) {
                throw new Readiness.Cancelled("the run");
            }
            log.info("run {}: starting {} Kafka + {} Spark + {} generator node(s)", dir.root().getFileName(),
                    spec.cluster().kafka(), spec.cluster().spark(), spec.generators().nodes());
            phases.start("cluster");
            launcher.up(deployment);
            phases.start("model");
            String modelDir = model.await(shipsFiles(), topology, remotes, paths.model());
            phases.start("topic");

            KafkaAccess brokers = new KafkaAccess(List.of(KafkaService.bootstrapServers(deployment.context()).split(",")),
                    deployment.context().kafkaClientConfig());
            TopicAdmin.createAndAwait(brokers, new TopicAdmin.TopicSpec(TOPIC, spec.effectivePartitions(),
                    spec.kafka().replicationFactor(), spec.kafka().minInsyncReplicas()), Duration.ofSeconds(60), () -> cancelled);
            log.info("topic {}: {} partition(s), replication factor {}", TOPIC, spec.effectivePartitions(), spec.kafka().replicationFactor());
            if (spec.spark().kafkaSink()) { // the scorer's output topic, and its reader (ready before the first row)
                TopicAdmin.createAndAwait(brokers, new TopicAdmin.TopicSpec(OUTPUT_TOPIC, spec.effectivePartitions(),
                        spec.kafka().replicationFactor(), spec.kafka().minInsyncReplicas()), Duration.ofSeconds(60), () -> cancelled);
                launcher.launch(JobSpecs.delivery(deployment.context(), OUTPUT_TOPIC, paths.output(), spec.kafka().clientTimeout()));
            }

            DaemonSpec scorerSpec = JobSpecs.scorer(deployment.context(), spec.scorerOptions(TOPIC,
                    modelDir, paths.output(), paths.checkpoint(), paths.progress(), paths.commits()));
            phases.start("scorer");
            scorer = new ScorerSupervisor(launcher, controller, scorerSpec, spec.spark().superviseDriver());
            long t0 = System.nanoTime();
            controller.awaitReady(scorer.launch(), Duration.ofSeconds(180), () -> cancelled);
            log.info("scorer: running ({} scoring, {}), first progress after {} s", spec.spark().scoring(),
                    spec.spark().realtime() ? "real-time mode, epochs of " + io.streamscale.common.Durations.format(spec.spark().checkpointInterval())
                            : spec.spark().trigger().isZero() ? "micro-batches back to back"
                            : "micro-batches every " + io.streamscale.common.Durations.format(spec.spark().trigger()), (System.nanoTime() - t0) / 1_000_000_000);

            record.clocks(false, ClockOffsets.read(nodes, remotes, ClockOffsets.Probe.jvm(runtime)));
            phases.start("load");
            List<RunningDaemon> generators = new ArrayList<>();
            for (DaemonSpec g : JobSpecs.generators(deployment.context(), spec.loadOptions(TOPIC, modelDir, paths.generators()))) {
                generators.add(launcher.launch(g));
            }
            loadStart = System.nanoTime();
            machineLoad = new MachineLoad(MachineLoad.machines(site.isLocal(), nodes, remotes::apply),
                    site.isLocal() ? ProcessHandle.current().pid() : null, spec.load().warmup(),
                    spec.load().duration().minus(MachineLoad.BEFORE_END), System::nanoTime);
            injector = RunFaults.injector(spec, dir, launcher, controller, scorer, remotes, brokers);
            log.info("load: {} msg/s for {} ({} messages) from {} generator instance(s)", spec.load().rate(),
                    io.streamscale.common.Durations.format(spec.load().duration()), spec.totalMessages(),
                    spec.generators().nodes() * spec.generators().processes());
            awaitGenerators(generators);
            machineLoad.close();
            record.machineLoad(machineLoad.loads());
            if (outputs != null) {
                outputs.fetchGeneratorSummaries();
            }
            var gen = io.streamscale.results.RunInputs.generators(dir);
            log.info("load done: {} sent, {} acked, {} failed", GeneratorFigures.sum(gen, GeneratorFigures::sent),
                    GeneratorFigures.sum(gen, GeneratorFigures::acked), GeneratorFigures.sum(gen, GeneratorFigures::failed));

            phases.start("drain");
            var driverNode = remotes.apply(scorer.current().spec().node());
            long drainStart = System.nanoTime();
            ProbeResult drained = loop.run("drain", spec.load().drainTimeout(),
                    () -> spec.spark().kafkaSink()
                            ? DrainWatcher.checkDelivered(driverNode, paths.progress(), brokers, TOPIC, OUTPUT_TOPIC, DELIVERY_GROUP)
                            : DrainWatcher.check(driverNode, paths.progress(), brokers, TOPIC),
                    () -> cancelled, this::tick, Duration.ofSeconds(10), () -> log.info("drain: {} s so far",
                            (System.nanoTime() - drainStart) / 1_000_000_000));
            if (!drained.ready()) {
                throw new IllegalStateException("the scorer did not drain the topic within "
                        + spec.load().drainTimeout().toSeconds() + " s: " + drained.detail());
            }
            drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            record.clocks(true, ClockOffsets.read(nodes, remotes, ClockOffsets.Probe.jvm(runtime)));
            log.info("scorer: {} ({} s after the load ended)", drained.detail(), String.format(java.util.Locale.ROOT, "%.1f", drainSeconds));
        } catch (Readiness.Cancelled e) {
            status = RunStatus.INTERRUPTED;
            reason = cancelReason;
            notStartedBy = controller == null ? "interrupted" : null;
        } catch (RuntimeException e) {
            status = cancelled ? RunStatus.INTERRUPTED : RunStatus.FAILED;
            reason = cancelled ? cancelReason : e.getMessage();
            notStartedBy = controller != null ? null : e instanceof PreflightException ? "preflight" : "setup";
            log.error("run {}: {}", status, reason == null ? "" : reason.lines().findFirst().orElse(""));
        } finally {
            phases.start("teardown");
            RunFaults.healAll(injector, Duration.ofNanos(System.nanoTime() - loadStart));
            model.stop();
            reason = teardown(reason);
            if (remotes != null) {
                remotes.close();
            }
            record.write(status, reason, started, Instant.now());
            finished.countDown(); // a Ctrl-C hook waits for teardown, not for the summary
        }
    }

    /** The run's summary made here and its final record, from the run directory alone (after {@link #measure()}). */
    public Outcome summarize() {
        return summarize(new LocalAnalyst(templates));
    }

    /** The run's summary, made by {@code analyst}, and its final record (after {@link #measure()}). */
    public Outcome summarize(Analyst analyst) {
        try {
            phases.start("summary");
            record.driverRestarts(scorer == null ? 0 : scorer.restarts());
            record.scorerWarmup(ScorerWarmup.fromLogs(dir.state().logsDir()));
            record.write(status, reason, started, Instant.now()); // first: the summary reads the run's status
            ObjectNode summary = notStartedBy != null ? notStarted() : analyst.summarize(dir, model.dir(), drainSeconds);
            if (!summary.has("analysedOn")) {
                summary.putObject("analysedOn").put("node", analyst.where());
            }
            phases.end();
            record.write(status, reason, started, Instant.now());
            if (summary.has("summaryError")) {
                log.error("summary: {}", summary.path("summaryError").asText());
            }
            RunRecord.writeWhole(dir.summaryJson(), summary);
            return new Outcome(status, reason, summary);
        } finally {
            finished.countDown(); // whatever happened: a Ctrl-C hook waiting for the run must not wait in vain
        }
    }

    /** The summary of a run that started no daemon: nothing to read, so no analysis (on no node) is made. */
    private ObjectNode notStarted() {
        ObjectNode s = io.streamscale.common.Json.MAPPER.createObjectNode();
        s.put("status", status.toString()).put("incomplete", true).put("notStarted", notStartedBy);
        s.put("summaryError", "not analysed: the run started nothing (" + (reason == null ? notStartedBy
                : reason.lines().findFirst().orElse(notStartedBy)) + ")");
        return s;
    }

    private void awaitGenerators(List<RunningDaemon> generators) {
        Duration limit = spec.load().duration().plusSeconds(120);
        ProbeResult r = loop.run("generators", limit, () -> {
            long running = generators.stream().filter(controller::isAlive).count();
            return running == 0 ? ProbeResult.ready("all exited") : ProbeResult.notReady(running + " generator(s) still running");
        }, () -> cancelled, this::tick, Duration.ofSeconds(10), () -> {
            var last = remotes.apply(scorer.current().spec().node()).exec("tail -n 1 " + io.streamscale.remote.Shell.quote(
                    paths.progress()), Duration.ofSeconds(10));
            log.info("load: {} of {}; {}", io.streamscale.common.Durations.format(Duration.ofNanos(System.nanoTime() - loadStart)),
                    io.streamscale.common.Durations.format(spec.load().duration()), ProgressLine.describe(last.stdout()));
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

    /** One beat of the run's loop: due faults first, then the driver. */
    private void tick() {
        Duration now = Duration.ofNanos(System.nanoTime() - loadStart);
        if (injector != null) {
            if (machineLoad != null && injector.strikeDue(now)) {
                machineLoad.beforeFault();
            }
            injector.tick(now);
        }
        if (machineLoad != null) {
            machineLoad.tick(Duration.ofNanos(System.nanoTime() - loadStart));
        }
        scorer.check(injector);
    }

    private String teardown(String reason) {
        ClusterLauncher l = launcher;
        if (l == null) {
            return reason;
        }
        ClusterTeardown down = new ClusterTeardown(controller, dir.state());
        List<String> problems = new java.util.ArrayList<>(down.down(l.state(), Duration.ofSeconds(20), true));
        java.util.Set<String> unfetched = new java.util.TreeSet<>(down.unfetched());
        if (outputs != null) {
            problems.addAll(outputs.fetchJobOutputs(unfetched));
        }
        // a node's scratch goes only once everything of the run has come back from it
        if (site.isLocal()) {
            if (unfetched.isEmpty()) {
                NodeOutputs.deleteTree(dir.state().localNodesRoot());
            } else {
                problems.add("kept " + dir.state().localNodesRoot() + ": logs of " + unfetched + " could not be copied");
            }
        } else {
            problems.addAll(NodeOutputs.removeScratch(topology, remotes, transport.nodeRoot(), unfetched));
        }
        if (problems.isEmpty()) {
            return reason;
        }
        String left = "teardown problems: " + String.join("; ", problems);
        log.error(left);
        return reason == null ? left : reason + "; " + left;
    }

    /** Scratch a node needs free: the runtime (~400 MB) with room for the run's logs and output. */
    static final long SHIPPED_FREE_BYTES = 1L << 30;
    /** Local runs write into the run directory: their logs, output and checkpoint. */
    static final long LOCAL_FREE_BYTES = 128L << 20;

    /**
     * Where the jobs write on cluster nodes: node-local scratch, brought into the run directory after the drain, so no
     * shared filesystem is in the measured path. Real-time Parquet on a shared filesystem is the exception: a restarted
     * query removes its uncommitted epochs' files in the one directory every node sees (RealTimeSite).
     */
    private RunDirectory.JobPaths nodeJobPaths() {
        RunDirectory.JobPaths local = RunDirectory.nodeJobPaths(transport.nodeRoot() + "/job");
        boolean inPlace = sharesFiles() && spec.spark().realtime() && !spec.spark().kafkaSink();
        return inPlace ? new RunDirectory.JobPaths(local.model(), dir.output().toString(), local.checkpoint(), local.progress(),
                local.commits(), local.generators()) : local;
    }

    /** Nodes other than this machine that see its files: they can run its own jars (the analysis, the native check). */
    private boolean sharesFiles() {
        return !site.isLocal() && site.sharedFilesystem();
    }

    /** Whether files go to the nodes and back (nodes that do not see this machine's files). */
    private boolean shipsFiles() {
        return !site.isLocal() && !site.sharedFilesystem();
    }
}
