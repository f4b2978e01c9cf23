package io.streamscale.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.cluster.ClockOffsets;
import io.streamscale.cluster.ClusterLauncher;
import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.PreflightException;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.Site;
import io.streamscale.cluster.Transport;
import io.streamscale.jobs.delivery.DeliveryMain;
import io.streamscale.model.ModelCache;
import io.streamscale.readiness.Readiness;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunStatus;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.service.ClusterSpec;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.JobSpecs;
import io.streamscale.service.KafkaService;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
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
    private ScorerSupervisor scorer;
    private Placement placement;
    private LoadPhase load;
    private Double drainSeconds;
    private final Phases phases = new Phases(System::nanoTime);
    private final RunLoop loop = new RunLoop(RunLoop.Clock.system(), RunLoop.BEAT);
    private final RunRecord record;
    private final RunModel model;
    private final Function<Transport, Remotes> openRemotes;

    /** @param provenance what run.json records besides parameters and status (cell settings, versions) */
    public PipelineRun(
            RunSpec spec,
            RunDirectory dir,
            RuntimeLayout runtime,
            TemplateRenderer templates,
            ObjectNode provenance,
            Site site) {
        this(spec, dir, runtime, templates, provenance, site, Remotes::new, ModelCache.defaults());
    }

    /**
     * @param remotes    how the run reaches its nodes over a transport (tests: recording remotes)
     * @param modelCache where models are kept between runs
     */
    PipelineRun(
            RunSpec spec,
            RunDirectory dir,
            RuntimeLayout runtime,
            TemplateRenderer templates,
            ObjectNode provenance,
            Site site,
            Function<Transport, Remotes> remotes,
            ModelCache modelCache) {
        this.openRemotes = remotes;
        this.spec = spec;
        this.dir = dir;
        this.localRuntime = runtime;
        this.templates = templates;
        this.site = site;
        this.runId =
                dir.root().getFileName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        var models = modelCache;
        this.record = new RunRecord(spec, dir, site, provenance, phases, models);
        this.model = new RunModel(spec, models, new ModelTrainer(templates, models), record);
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
            placement =
                    Placement.prepare(spec, dir, site, runId, localRuntime, templates, record, openRemotes, started);
            Topology topology = placement.topology();
            Remotes remotes = placement.remotes();
            List<String> nodes = placement.nodes();
            RuntimeLayout runtime = placement.runtime();
            RunDirectory.JobPaths paths = placement.paths();
            model.start(
                    dir.root().getFileName().toString(),
                    () -> cancelled,
                    RunModel.trainingPlace(site, topology, remotes, localRuntime, runtime, placement.trainerScratch()));
            ClusterSpec cluster = spec.clusterSpec(Uuid.randomUuid().toString());
            Deployment deployment = Deployment.plan(
                    dir.root().getFileName().toString(), cluster, topology, placement.transport(), runtime, templates);
            controller = new DaemonController(remotes);
            launcher = new ClusterLauncher(controller, dir.state(), Duration.ofSeconds(120));
            if (cancelled) {
                throw new Readiness.Cancelled("the run");
            }
            log.info(
                    "run {}: starting {} Kafka + {} Spark + {} generator node(s)",
                    dir.root().getFileName(),
                    spec.cluster().kafka(),
                    spec.cluster().spark(),
                    spec.generators().nodes());
            phases.start("cluster");
            launcher.up(deployment);
            phases.start("model");
            String modelDir = model.await(placement.shipsFiles(), topology, remotes, paths.model());
            phases.start("topic");

            KafkaAccess brokers = new KafkaAccess(
                    List.of(KafkaService.bootstrapServers(deployment.context()).split(",")),
                    deployment.context().kafkaClientConfig());
            TopicAdmin.createRunTopics(
                    brokers,
                    spec,
                    spec.spark().kafkaSink() ? List.of(TOPIC, OUTPUT_TOPIC) : List.of(TOPIC),
                    () -> cancelled);
            if (spec.spark().kafkaSink()) { // the reader of the scorer's output topic, ready before the first row
                launcher.launch(JobSpecs.delivery(
                        deployment.context(),
                        OUTPUT_TOPIC,
                        paths.output(),
                        spec.kafka().clientTimeout()));
            }

            DaemonSpec scorerSpec = JobSpecs.scorer(
                    deployment.context(),
                    spec.scorerOptions(
                            TOPIC, modelDir, paths.output(), paths.checkpoint(), paths.progress(), paths.commits()));
            phases.start("scorer");
            scorer = new ScorerSupervisor(
                    launcher, controller, scorerSpec, spec.spark().superviseDriver());
            long t0 = System.nanoTime();
            controller.awaitReady(scorer.launch(), Duration.ofSeconds(180), () -> cancelled);
            log.info(
                    "scorer: running ({}), first progress after {} s",
                    spec.describeScoring(),
                    (System.nanoTime() - t0) / 1_000_000_000);

            record.clocks(false, ClockOffsets.read(nodes, remotes, ClockOffsets.Probe.jvm(runtime)));
            phases.start("load");
            load = new LoadPhase(spec, dir, placement, controller, scorer, loop, () -> cancelled);
            load.run(
                    launcher,
                    JobSpecs.generators(deployment.context(), spec.loadOptions(TOPIC, modelDir, paths.generators())),
                    brokers,
                    record);

            phases.start("drain");
            drainSeconds = DrainWatcher.awaitDrained(
                    loop,
                    spec,
                    remotes.apply(scorer.current().spec().node()),
                    paths,
                    brokers,
                    load::tick,
                    () -> cancelled);
            record.clocks(true, ClockOffsets.read(nodes, remotes, ClockOffsets.Probe.jvm(runtime)));
        } catch (Readiness.Cancelled e) {
            status = RunStatus.INTERRUPTED;
            reason = cancelReason;
            notStartedBy = controller == null ? "interrupted" : null;
        } catch (RuntimeException e) {
            status = cancelled ? RunStatus.INTERRUPTED : RunStatus.FAILED;
            reason = cancelled ? cancelReason : e.getMessage();
            notStartedBy = controller != null ? null : e instanceof PreflightException ? "preflight" : "setup";
            log.error(
                    "run {}: {}",
                    status,
                    reason == null ? "" : reason.lines().findFirst().orElse(""));
        } finally {
            phases.start("teardown");
            if (load != null) {
                load.healAll();
            }
            model.stop();
            reason = launcher == null ? reason : placement.teardown(launcher, controller, dir, reason);
            if (placement != null) {
                placement.remotes().close();
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
            ObjectNode summary = notStartedBy != null
                    ? Outcome.notStarted(status, reason, notStartedBy)
                    : analyst.summarize(dir, model.dir(), drainSeconds);
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
}
