package io.streamscale.run;

import io.streamscale.cluster.ClusterLauncher;
import io.streamscale.common.Durations;
import io.streamscale.fault.FaultInjector;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.remote.Shell;
import io.streamscale.results.GeneratorFigures;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunInputs;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonFailedException;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load, and what happens during it: the generators at their schedules, faults on theirs, each machine's load
 * measured over the steady state, the streaming driver supervised. Its {@link #tick()} beats on until the drain ends;
 * {@link #healAll()} runs on every exit path.
 */
final class LoadPhase {
    private static final Logger log = LoggerFactory.getLogger(LoadPhase.class);
    private final RunSpec spec;
    private final RunDirectory dir;
    private final Placement placement;
    private final DaemonController controller;
    private final ScorerSupervisor scorer;
    private final RunLoop loop;
    private final BooleanSupplier cancelled;
    private volatile long start = System.nanoTime();
    private FaultInjector injector;
    private MachineLoad machineLoad;

    LoadPhase(
            RunSpec spec,
            RunDirectory dir,
            Placement placement,
            DaemonController controller,
            ScorerSupervisor scorer,
            RunLoop loop,
            BooleanSupplier cancelled) {
        this.spec = spec;
        this.dir = dir;
        this.placement = placement;
        this.controller = controller;
        this.scorer = scorer;
        this.loop = loop;
        this.cancelled = cancelled;
    }

    /** Runs the generators to the end of their load, faults striking meanwhile; fails when one does not finish it. */
    void run(ClusterLauncher launcher, List<DaemonSpec> generatorSpecs, KafkaAccess brokers, RunRecord record) {
        List<RunningDaemon> generators = new ArrayList<>();
        for (DaemonSpec g : generatorSpecs) {
            generators.add(launcher.launch(g));
        }
        start = System.nanoTime(); // faults and the machines' load are timed from here
        long self = ProcessHandle.current().pid();
        machineLoad = new MachineLoad(
                MachineLoad.machines(placement.site().isLocal(), placement.nodes(), placement.remotes()::apply),
                placement.site().isLocal() ? self : null,
                spec.load().warmup(),
                spec.load().duration().minus(MachineLoad.BEFORE_END),
                System::nanoTime,
                pid -> pid == self && placement.site().isLocal()
                        ? "orchestrator"
                        : launcher.state().daemons().stream()
                                .filter(d -> d.pid() == pid)
                                .map(d -> component(d.spec().kind()))
                                .findFirst()
                                .orElse(null));
        injector = RunFaults.injector(spec, dir, launcher, controller, scorer, placement.remotes(), brokers);
        log.info(
                "load: {} msg/s for {} ({} messages) from {} generator instance(s)",
                spec.load().rate(),
                Durations.format(spec.load().duration()),
                spec.totalMessages(),
                spec.generators().nodes() * spec.generators().processes());
        awaitGenerators(generators);
        machineLoad.close();
        record.machineLoad(machineLoad.loads());
        if (placement.outputs() != null) {
            placement.outputs().fetchGeneratorSummaries();
        }
        var gen = RunInputs.generators(dir);
        log.info(
                "load done: {} sent, {} acked, {} failed",
                GeneratorFigures.sum(gen, GeneratorFigures::sent),
                GeneratorFigures.sum(gen, GeneratorFigures::acked),
                GeneratorFigures.sum(gen, GeneratorFigures::failed));
    }

    /** The component a daemon's cores count towards in run.json's machineLoad. */
    static String component(ServiceKind kind) {
        return switch (kind) {
            case ZOOKEEPER -> "zookeeper";
            case KAFKA -> "kafka";
            case SPARK_MASTER, SPARK_WORKER -> "spark";
            case FLINK_JOBMANAGER, FLINK_TASKMANAGER -> "flink";
            case SCORER -> "scorer";
            case GENERATOR -> "generators";
            case JOB -> "jobs";
        };
    }

    private void awaitGenerators(List<RunningDaemon> generators) {
        Duration limit = spec.load().duration().plusSeconds(120);
        String progress = placement.paths().progress();
        ProbeResult r = loop.run(
                "generators",
                limit,
                () -> {
                    long running =
                            generators.stream().filter(controller::isAlive).count();
                    return running == 0
                            ? ProbeResult.ready("all exited")
                            : ProbeResult.notReady(running + " generator(s) still running");
                },
                cancelled,
                this::tick,
                Duration.ofSeconds(10),
                () -> {
                    var last = placement
                            .remotes()
                            .apply(scorer.current().spec().node())
                            .exec("tail -n 1 " + Shell.quote(progress), Duration.ofSeconds(10));
                    log.info(
                            "load: {} of {}; {}",
                            Durations.format(sinceStart()),
                            Durations.format(spec.load().duration()),
                            ProgressLine.describe(last.stdout()));
                });
        if (!r.ready()) {
            throw new IllegalStateException(
                    "the generators did not finish within " + limit.toSeconds() + " s: " + r.detail());
        }
        for (DaemonSpec g : generators.stream().map(RunningDaemon::spec).toList()) {
            String done = placement.paths().generators() + "/done-" + g.node();
            if (!placement
                    .remotes()
                    .apply(g.node())
                    .exec("test -e " + Shell.quote(done), Duration.ofSeconds(30))
                    .ok()) {
                throw new DaemonFailedException(
                        g.label() + " exited without finishing its load; see its log " + g.logFile());
            }
        }
    }

    /** One beat of the run's loop: due faults first, then the machines' load, then the driver. */
    void tick() {
        Duration now = sinceStart();
        if (injector != null) {
            if (machineLoad != null && injector.strikeDue(now)) {
                machineLoad.beforeFault();
            }
            injector.tick(now);
        }
        if (machineLoad != null) {
            machineLoad.tick(sinceStart());
        }
        scorer.check(injector);
    }

    /** The final heal: nothing stays paused or cut off. */
    void healAll() {
        RunFaults.healAll(injector, sinceStart());
    }

    private Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
