package io.streamscale.fault;

import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.RunningDaemon;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a fault schedule against a running cluster. {@link #tick} is called with the time since the load started
 * (the caller's clock, so tests drive it) and applies every event that is due; every inject and heal goes to the
 * {@link FaultLog}. {@link #healAll} is the final heal: whatever is still paused is resumed and cut traffic restored,
 * also when the run failed or was interrupted.
 */
public final class FaultInjector {
    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);
    /** How long a pause or a resume may take to show in the process state. */
    private static final Duration VERIFY = Duration.ofSeconds(5);

    /** How the injector reaches the cluster. */
    public interface Cluster {
        /** Every daemon launched so far, in launch order (dead ones included). */
        List<RunningDaemon> daemons();

        /** Starts a daemon again from its spec, on its node; returns it running. */
        RunningDaemon relaunch(DaemonSpec spec);

        /** The node name of the broker leading a partition of the run's topic, if any. */
        Optional<String> leaderNode(int partition);

        /**
         * Cuts (true) or restores (false) the traffic of a daemon's endpoints on its node, and checks that it took: after
         * a cut its endpoints do not answer, after a restore they do again.
         *
         * @throws RuntimeException naming the node when it did not take (a cut that failed is taken back)
         */
        void partition(RunningDaemon d, boolean cut);
    }

    private final List<FaultSpec> faults;
    private final List<FaultEvent> events;
    private final DaemonController controller;
    private final Cluster cluster;
    private final FaultLog faultLog;
    private final Supplier<Instant> clock;
    private int next;
    /** Victims of each strike not healed yet, by (fault, occurrence). */
    private final Map<List<Integer>, List<RunningDaemon>> active = new LinkedHashMap<>();

    public FaultInjector(
            List<FaultSpec> faults,
            Duration warmup,
            Duration loadLength,
            DaemonController controller,
            Cluster cluster,
            FaultLog faultLog,
            Supplier<Instant> clock) {
        this.faults = faults;
        this.events = FaultSchedule.of(faults, warmup, loadLength);
        this.controller = controller;
        this.cluster = cluster;
        this.faultLog = faultLog;
        this.clock = clock;
    }

    public List<FaultEvent> schedule() {
        return events;
    }

    /** Whether {@link #tick} at {@code sinceLoadStart} would strike: a fault's injection is due. */
    public synchronized boolean strikeDue(Duration sinceLoadStart) {
        return events.subList(next, events.size()).stream()
                .takeWhile(e -> e.at().compareTo(sinceLoadStart) <= 0)
                .anyMatch(e -> e.phase() == FaultEvent.Phase.INJECT);
    }

    /** Applies every event due at {@code sinceLoadStart}. */
    public synchronized void tick(Duration sinceLoadStart) {
        while (next < events.size() && events.get(next).at().compareTo(sinceLoadStart) <= 0) {
            FaultEvent e = events.get(next++);
            if (e.phase() == FaultEvent.Phase.INJECT) {
                inject(e, sinceLoadStart);
            } else {
                heal(e, sinceLoadStart, FaultLog.HEAL);
            }
        }
    }

    /** Whether a daemon is down or paused by a fault that will heal (a restart or a resume is due). */
    public synchronized boolean holds(RunningDaemon d) {
        return active.entrySet().stream()
                .filter(e -> faults.get(e.getKey().get(0)).healAfter() != null)
                .flatMap(e -> e.getValue().stream())
                .anyMatch(v -> same(v, d));
    }

    private boolean struck(RunningDaemon d) {
        return active.values().stream().flatMap(List::stream).anyMatch(v -> same(v, d));
    }

    private static boolean same(RunningDaemon a, RunningDaemon b) {
        return a.pid() == b.pid() && a.spec().node().equals(b.spec().node());
    }

    /** The final heal: resume what is paused, restore cut traffic; kills without a due restart stay down. */
    public synchronized void healAll(Duration sinceLoadStart) {
        for (List<Integer> key : new ArrayList<>(active.keySet())) {
            heal(
                    new FaultEvent(key.get(0), key.get(1), sinceLoadStart, FaultEvent.Phase.HEAL),
                    sinceLoadStart,
                    FaultLog.FINAL_HEAL);
        }
    }

    private void inject(FaultEvent e, Duration since) {
        FaultSpec f = faults.get(e.fault());
        List<RunningDaemon> victims;
        try {
            victims = select(f);
        } catch (RuntimeException ex) {
            faultLog.record(
                    clock.get(),
                    since,
                    e.fault(),
                    e.occurrence(),
                    FaultLog.INJECT,
                    f,
                    null,
                    null,
                    null,
                    null,
                    "skipped: " + ex.getMessage());
            log.warn("fault {}: {} skipped: {}", e.fault(), f.describe(), ex.getMessage());
            return;
        }
        List<RunningDaemon> hit = new ArrayList<>();
        for (RunningDaemon d : victims) {
            // recorded before it acts: an orchestrator that dies now leaves the intent in the run directory
            faultLog.record(
                    clock.get(),
                    since,
                    e.fault(),
                    e.occurrence(),
                    FaultLog.INJECT,
                    f,
                    d.spec().node(),
                    d.spec().id(),
                    d.pid(),
                    null,
                    FaultLog.PENDING);
            String outcome;
            try {
                switch (f.action()) {
                    case KILL -> controller.kill(d);
                    case STOP -> controller.stop(d, Duration.ofSeconds(30));
                    case PAUSE -> {
                        if (!controller.signal(d, "STOP")) {
                            throw new IllegalStateException("not running");
                        }
                        if (!controller.awaitPaused(d, true, VERIFY)) {
                            throw new IllegalStateException("SIGSTOP sent, but the process is not stopped");
                        }
                    }
                    case PARTITION -> cluster.partition(d, true);
                }
                hit.add(d);
                outcome = FaultLog.OK;
            } catch (RuntimeException ex) {
                outcome = "error: " + ex.getMessage();
            }
            log.warn(
                    "fault {}: {} -> {} on {} (pid {}): {}",
                    e.fault(),
                    f.action().yaml(),
                    d.spec().id(),
                    d.spec().node(),
                    d.pid(),
                    outcome);
            faultLog.record(
                    clock.get(),
                    since,
                    e.fault(),
                    e.occurrence(),
                    FaultLog.INJECT,
                    f,
                    d.spec().node(),
                    d.spec().id(),
                    d.pid(),
                    null,
                    outcome);
        }
        if (!hit.isEmpty()) {
            active.put(List.of(e.fault(), e.occurrence()), hit);
        }
    }

    private void heal(FaultEvent e, Duration since, String phase) {
        List<RunningDaemon> victims = active.remove(List.of(e.fault(), e.occurrence()));
        if (victims == null) {
            return;
        }
        FaultSpec f = faults.get(e.fault());
        boolean finalHeal = phase.equals(FaultLog.FINAL_HEAL);
        for (RunningDaemon d : victims) {
            faultLog.record(
                    clock.get(),
                    since,
                    e.fault(),
                    e.occurrence(),
                    phase,
                    f,
                    d.spec().node(),
                    d.spec().id(),
                    d.pid(),
                    null,
                    FaultLog.PENDING);
            Long newPid = null;
            String outcome;
            try {
                switch (f.action()) {
                    case KILL, STOP -> {
                        if (finalHeal) {
                            outcome = f.restartAfter() == null
                                    ? "left down (no restartAfter)"
                                    : "not restarted: the run is ending";
                        } else {
                            RunningDaemon again = cluster.relaunch(d.spec());
                            newPid = again.pid();
                            outcome = FaultLog.RESTARTED;
                        }
                    }
                    case PAUSE ->
                        outcome = !controller.signal(d, "CONT")
                                ? "not running any more"
                                : controller.awaitPaused(d, false, VERIFY)
                                        ? FaultLog.RESUMED
                                        : "error: SIGCONT sent, but the process is still stopped";
                    case PARTITION -> {
                        cluster.partition(d, false);
                        outcome = FaultLog.RESTORED;
                    }
                    default -> throw new IllegalStateException(f.action().name());
                }
            } catch (RuntimeException ex) {
                outcome = "error: " + ex.getMessage();
            }
            log.warn(
                    "fault {}: {} of {} on {}: {}",
                    e.fault(),
                    phase,
                    d.spec().id(),
                    d.spec().node(),
                    outcome);
            faultLog.record(
                    clock.get(),
                    since,
                    e.fault(),
                    e.occurrence(),
                    phase,
                    f,
                    d.spec().node(),
                    d.spec().id(),
                    d.pid(),
                    newPid,
                    outcome);
        }
    }

    /** The daemons a strike hits: running ones of the target's kind, not already held by another fault. */
    private List<RunningDaemon> select(FaultSpec f) {
        List<RunningDaemon> candidates = new ArrayList<>();
        for (RunningDaemon d : current()) {
            if (f.target().hits(d.spec().kind()) && !struck(d) && controller.isAlive(d)) {
                candidates.add(d);
            }
        }
        Selector s = f.select();
        List<RunningDaemon> chosen = switch (s.kind()) {
            case COUNT -> candidates.subList(0, Math.min(s.count(), candidates.size()));
            case NODE ->
                candidates.stream()
                        .filter(d -> d.spec().node().equals(s.node()))
                        .toList();
            case LEADER -> {
                String node = cluster.leaderNode(s.partition())
                        .orElseThrow(() -> new IllegalStateException("partition " + s.partition() + " has no leader"));
                yield candidates.stream()
                        .filter(d -> d.spec().node().equals(node))
                        .toList();
            }
        };
        if (chosen.size() < s.size()) {
            throw new IllegalStateException(s.yaml() + " " + f.target().yaml() + ": only " + chosen.size() + " of the "
                    + candidates.size() + " running match");
        }
        return chosen;
    }

    /** The newest incarnation of each daemon (a restarted one replaces the one that was killed). */
    private List<RunningDaemon> current() {
        Map<String, RunningDaemon> latest = new LinkedHashMap<>();
        for (RunningDaemon d : cluster.daemons()) {
            latest.put(d.spec().node() + "/" + d.spec().id(), d);
        }
        return new ArrayList<>(latest.values());
    }
}
