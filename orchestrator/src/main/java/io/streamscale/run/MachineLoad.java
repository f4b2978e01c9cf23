package io.streamscale.run;

import io.streamscale.cluster.OnEachNode;
import io.streamscale.remote.Remote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How busy each machine of a run was over the steady part of its load, and with what: the run's own processes (our
 * daemons and jobs, Spark's executors, and this orchestrator in local mode), other work, and time the hypervisor took
 * (steal). Read from {@code /proc} on each machine when the warm-up ends and shortly before the load does, through the
 * node's {@link Remote}: in local mode every node is this one machine, read once; and just before a fault strikes, so that
 * the processes it kills keep the ticks they used up to then. Why: at the knee a 2-core machine is
 * busy to its last core, and a compile or a noisy neighbour there moves the verdict; the analysis does not let such a
 * run decide that the system could not keep up.
 */
final class MachineLoad {
    private static final Logger log = LoggerFactory.getLogger(MachineLoad.class);

    /**
     * Prints /proc/stat's aggregate cpu line, the clock tick, the online cores, and {@code ours PID TICKS} for each of
     * the run's processes: its user + system ticks. Ours are every process whose command line names streamscale (which
     * tags our daemons and jobs), Spark's executors, and {@code orchestrator} when given (this process in local mode:
     * inside a test JVM its command line need not name us; with the ticks of the children it has waited for: the
     * short commands it runs to probe and read the nodes). One grep over all command lines, not a process per
     * process: it runs at the knee. Per process, because a process that dies between the readings (a killed driver)
     * takes its ticks along.
     */
    static String command(Long orchestrator) {
        return "head -n 1 /proc/stat; getconf CLK_TCK; nproc; "
                + "{ grep -l -a -E 'streamscale|CoarseGrainedExecutorBackend' /proc/[0-9]*/cmdline 2>/dev/null;"
                + (orchestrator == null ? "" : " echo /proc/" + orchestrator + "/cmdline;") + " }"
                + " | sort -u | sed 's/cmdline$/stat/' | xargs -r cat 2>/dev/null | sed 's/ (.*) / /'"
                + " | awk" + (orchestrator == null ? "" : " -v o=" + orchestrator)
                + " '{print \"ours\", $1, $13 + $14 + ($1 == o ? $15 + $16 : 0)}';"
                // which of them are Spark's executors (children of the workers, not daemons the run launched)
                + " grep -l -a CoarseGrainedExecutorBackend /proc/[0-9]*/cmdline 2>/dev/null"
                + " | sed -n 's|^/proc/\\([0-9]*\\)/cmdline$|executor \\1|p'";
    }

    /**
     * One reading: cumulative ticks (all cores together) at {@code nanos} on the orchestrator's monotonic clock, and
     * each of the run's processes' ticks by pid.
     */
    record Sample(
            long nanos,
            long userSystemTicks,
            long stealTicks,
            Map<Long, Long> ourTicks,
            int cores,
            long hz,
            Set<Long> executors) {
        Sample(long nanos, long userSystemTicks, long stealTicks, Map<Long, Long> ourTicks, int cores, long hz) {
            this(nanos, userSystemTicks, stealTicks, ourTicks, cores, hz, Set.of());
        }

        /** Parses {@link #command}'s output. */
        static Sample parse(long nanos, String out) {
            String[] lines = out.strip().split("\\R");
            if (lines.length < 3 || !lines[0].startsWith("cpu ")) {
                throw new IllegalArgumentException("not /proc/stat, CLK_TCK and nproc: " + out.strip());
            }
            String[] f = lines[0].trim().split("\\s+"); // cpu user nice system idle iowait irq softirq steal ...
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            Map<Long, Long> ours = new HashMap<>();
            Set<Long> executors = new HashSet<>();
            for (int i = 3; i < lines.length; i++) {
                String[] p = lines[i].trim().split("\\s+");
                if (p.length == 2 && p[0].equals("executor")) {
                    executors.add(Long.parseLong(p[1]));
                    continue;
                }
                if (p.length != 3 || !p[0].equals("ours")) {
                    throw new IllegalArgumentException("not 'ours PID TICKS': " + lines[i]);
                }
                ours.put(Long.parseLong(p[1]), Long.parseLong(p[2]));
            }
            return new Sample(
                    nanos,
                    user + nice + system,
                    steal,
                    Map.copyOf(ours),
                    Integer.parseInt(lines[2].trim()),
                    Long.parseLong(lines[1].trim()),
                    Set.copyOf(executors));
        }

        /**
         * This reading with the run's processes last seen in an intermediate reading and gone by this one (a fault's
         * victims) added at the ticks they had then.
         */
        Sample withGone(Map<Long, Long> seen) {
            Map<Long, Long> all = new HashMap<>(seen);
            all.putAll(ourTicks);
            return new Sample(nanos, userSystemTicks, stealTicks, Map.copyOf(all), cores, hz, executors);
        }

        /** Ticks the run's processes used since {@code earlier}: all of a process started since, none of one gone. */
        long ourTicksSince(Sample earlier) {
            long sum = 0;
            for (var e : ourTicks.entrySet()) {
                sum += Math.max(0, e.getValue() - earlier.ourTicks().getOrDefault(e.getKey(), 0L));
            }
            return sum;
        }

        /** {@link #ourTicksSince} by component: what {@code componentOf} names each pid, executors "spark". */
        Map<String, Long> ourTicksSinceBy(Sample earlier, Function<Long, String> componentOf) {
            Map<String, Long> by = new TreeMap<>();
            for (var e : ourTicks.entrySet()) {
                long ticks = Math.max(0, e.getValue() - earlier.ourTicks().getOrDefault(e.getKey(), 0L));
                String c = executors.contains(e.getKey()) ? "spark" : componentOf.apply(e.getKey());
                by.merge(c == null ? "other" : c, ticks, Long::sum);
            }
            return by;
        }
    }

    /**
     * One machine over the steady state, in cores (ticks per second of the clock tick): busy with user and system
     * work, of which the run's own processes and other work; and what the hypervisor took. {@code runCoresBy}: the
     * run's cores by component (zookeeper, kafka, spark with its executors, flink, scorer, generators, orchestrator;
     * other: short commands), empty when not known.
     */
    record Load(
            String machine,
            int cores,
            double seconds,
            double busyCores,
            double runCores,
            double otherCores,
            double stealCores,
            Map<String, Double> runCoresBy) {
        Load(
                String machine,
                int cores,
                double seconds,
                double busyCores,
                double runCores,
                double otherCores,
                double stealCores) {
            this(machine, cores, seconds, busyCores, runCores, otherCores, stealCores, Map.of());
        }

        static Load between(String machine, Sample a, Sample b) {
            return between(machine, a, b, null);
        }

        static Load between(String machine, Sample a, Sample b, Function<Long, String> componentOf) {
            double seconds = (b.nanos() - a.nanos()) / 1e9;
            double perTick = 1.0 / b.hz() / seconds;
            double busy = (b.userSystemTicks() - a.userSystemTicks()) * perTick;
            double run = Math.min(busy, b.ourTicksSince(a) * perTick);
            Map<String, Double> by = new TreeMap<>();
            if (componentOf != null) {
                b.ourTicksSinceBy(a, componentOf).forEach((c, t) -> by.put(c, t * perTick));
            }
            return new Load(
                    machine,
                    b.cores(),
                    seconds,
                    busy,
                    run,
                    busy - run,
                    Math.max(0, (b.stealTicks() - a.stealTicks()) * perTick),
                    Map.copyOf(by));
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s: %.2f of %d cores busy, %.2f by the run, %.2f by other work, %.2f taken by the" + " hypervisor",
                    machine,
                    busyCores,
                    cores,
                    runCores,
                    otherCores,
                    stealCores);
        }
    }

    /** The second reading comes this long before the load's planned end, while the generators still run. */
    static final Duration BEFORE_END = Duration.ofSeconds(2);

    private final Map<String, Remote> machines;
    private final String command;
    private final Duration from;
    private final Duration until;
    private final LongSupplier clock;
    private final Function<Long, String> componentOf;
    private final Map<String, Sample> first = new LinkedHashMap<>();
    /** Per machine, each of the run's processes' ticks when last read between the first and the final reading. */
    private final Map<String, Map<Long, Long>> seen = new LinkedHashMap<>();

    private List<Load> loads;

    /**
     * @param machines the machines to read, by name, each through one of its nodes' remotes
     * @param orchestrator the pid of this process when it runs on the machines read (local mode), else null
     * @param from     when to take the first reading, after the load's start (the warm-up's end)
     * @param until    when to take the second (shortly before the load ends, while its processes still run)
     */
    MachineLoad(Map<String, Remote> machines, Long orchestrator, Duration from, Duration until, LongSupplier clock) {
        this(machines, orchestrator, from, until, clock, null);
    }

    /** @param componentOf what each of the run's pids is (a daemon's component; null: not one of them) */
    MachineLoad(
            Map<String, Remote> machines,
            Long orchestrator,
            Duration from,
            Duration until,
            LongSupplier clock,
            Function<Long, String> componentOf) {
        this.componentOf = componentOf;
        this.machines = machines;
        this.command = command(orchestrator);
        this.from = from;
        this.until = until;
        this.clock = clock;
    }

    /** The run's machines: this one in local mode (its nodes share it), else each node. */
    static Map<String, Remote> machines(boolean local, List<String> nodes, Function<String, Remote> remotes) {
        Map<String, Remote> m = new LinkedHashMap<>();
        if (local) {
            m.put("this machine", remotes.apply(nodes.get(0)));
        } else {
            nodes.forEach(n -> m.put(n, remotes.apply(n)));
        }
        return m;
    }

    /** Takes a reading when one is due; called on every beat of the load. A machine that cannot be read is left out. */
    void tick(Duration sinceLoadStart) {
        if (first.isEmpty() && loads == null && sinceLoadStart.compareTo(from) >= 0) {
            first.putAll(readAll(machines.keySet()));
            if (first.isEmpty()) {
                loads = List.of();
            }
        } else if (loads == null
                && !first.isEmpty()
                && sinceLoadStart.compareTo(until) >= 0
                && until.compareTo(from) > 0) {
            List<Load> out = new ArrayList<>();
            Map<String, Sample> second = readAll(first.keySet());
            first.forEach((name, a) -> {
                if (second.containsKey(name)) {
                    out.add(Load.between(
                            name, a, second.get(name).withGone(seen.getOrDefault(name, Map.of())), componentOf));
                }
            });
            loads = List.copyOf(out);
            out.forEach(l -> log.info("steady state on {}", l.describe()));
        }
    }

    /**
     * Reads the machines now, between the two readings, when a fault is about to strike: a process it kills takes its
     * ticks along, and /proc/stat's busy time keeps them; without this they would show as other work.
     */
    void beforeFault() {
        if (!first.isEmpty() && loads == null) {
            readAll(first.keySet())
                    .forEach((name, s) ->
                            seen.computeIfAbsent(name, k -> new HashMap<>()).putAll(s.ourTicks()));
        }
    }

    /** Every machine read at once (one reading's machines as near the same instant as they can be); unreadable ones left out. */
    private Map<String, Sample> readAll(Collection<String> names) {
        Map<String, Sample> out = new LinkedHashMap<>();
        OnEachNode.apply(List.copyOf(names), name -> read(name, machines.get(name)))
                .forEach((name, s) -> s.ifPresent(x -> out.put(name, x)));
        return out;
    }

    /** Takes no reading after this (the load ended: its processes are gone, a later reading would miss their ticks). */
    void close() {
        if (loads == null) {
            loads = List.of();
        }
    }

    /** Each machine's load over the steady state; empty when it was not read (the load ended before the second reading). */
    List<Load> loads() {
        return loads;
    }

    private Optional<Sample> read(String machine, Remote r) {
        try {
            long before = clock.getAsLong();
            var res = r.exec(command, Duration.ofSeconds(10));
            long now = before + (clock.getAsLong() - before) / 2; // /proc was read somewhere in between
            if (!res.ok()) {
                log.warn(
                        "{}: cannot read its load from /proc (exit {}): {}",
                        machine,
                        res.exitCode(),
                        res.stderr().strip());
                return Optional.empty();
            }
            return Optional.of(Sample.parse(now, res.stdout()));
        } catch (RuntimeException e) {
            log.warn("{}: cannot read its load from /proc: {}", machine, e.getMessage());
            return Optional.empty();
        }
    }
}
