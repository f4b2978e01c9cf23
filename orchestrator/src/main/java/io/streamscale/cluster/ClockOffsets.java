package io.streamscale.cluster;

import io.streamscale.remote.Conversation;
import io.streamscale.remote.Remote;
import io.streamscale.remote.RemoteException;
import io.streamscale.remote.Shell;
import io.streamscale.runtime.RuntimeLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Each node's clock against this machine's, measured the way NTP does, so latencies that mix timestamps from several
 * nodes can be corrected and judged. One channel per node stays open to a tiny loop that answers each request line with
 * the node's clock (no process started per read): a JVM from the jobs jar ({@link Probe#jvm}), the clock that stamps
 * the rows, or bash's {@code $EPOCHREALTIME} ({@link Probe#SHELL}) where no runtime is installed yet; the two can differ
 * (libfaketime shifts the JVM and {@code date}, not bash). Of many ping-pongs the one with the smallest round
 * trip is kept, since its two halves can differ by at most that round trip: offset = node clock - midpoint of the local
 * send and receive times, exact to within half the round trip (the bound). A new SSH channel per read, as before, put the
 * node's read at the end of a slow set-up and biased offsets by about the whole round trip.
 */
public final class ClockOffsets {
    /** At least this many ping-pongs; more (up to {@link #MAX_PINGS}) while the best bound is wider than {@link #GOOD_BOUND_MILLIS}. */
    static final int PINGS = 100;

    static final int MAX_PINGS = 2000;
    static final double GOOD_BOUND_MILLIS = 1.0;
    /** Pinging on for a better bound stops after this long (a slow but healthy link keeps its best exchange). */
    static final Duration EXTRA_BUDGET = Duration.ofSeconds(5);

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "clock-probe-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** One clock read per line received; C locale so the decimal point is a point. */
    static final String SHELL_PROBE = "LC_ALL=C; export LC_ALL; if command -v bash >/dev/null 2>&1; then exec bash -c "
            + Shell.quote("while IFS= read -r _; do echo \"${EPOCHREALTIME:-$(date +%s.%N)}\"; done")
            + "; else while IFS= read -r _; do date +%s.%N; done; fi";

    private ClockOffsets() {}

    /**
     * What answers on the node.
     *
     * @param command the loop started over the node's channel: one clock reading per line read
     * @param clock   whose clock it reads ("jvm" or "shell"), recorded with each offset
     */
    public record Probe(String command, String clock) {
        /** bash's clock: needs nothing installed (preflight, hosts without the runtime). */
        public static final Probe SHELL = new Probe(SHELL_PROBE, "shell");

        /** The clock generators and executors stamp rows with: a small JVM from the jobs jar of {@code runtime}. */
        public static Probe jvm(RuntimeLayout runtime) {
            return new Probe(
                    "exec " + Shell.quote(runtime.java()) + " -Xmx16m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                            + " -cp " + Shell.quote(runtime.jobsJar()) + " " + RESPONDER,
                    "jvm");
        }
    }

    static final String RESPONDER = "io.streamscale.jobs.clock.ClockResponder";

    /**
     * @param offsetMillis node clock minus this machine's clock
     * @param boundMillis  the offset's error bound (half the smallest round trip)
     * @param pings        ping-pongs the best was chosen from
     * @param timeSync     what the node's own time daemon says of its clock (chrony or ntpd), or why nothing is known
     * @param clock        whose clock answered ({@link Probe#clock()})
     */
    public record Offset(double offsetMillis, double boundMillis, int pings, TimeSync timeSync, String clock) {}

    /** The local clock: a wall-clock reading and a monotonic one for round trips (injected in tests). */
    interface LocalClock {
        Instant wall();

        long nanos();

        LocalClock SYSTEM = new LocalClock() {
            @Override
            public Instant wall() {
                return Instant.now();
            }

            @Override
            public long nanos() {
                return System.nanoTime();
            }
        };
    }

    public static Map<String, Offset> measure(List<String> nodes, Function<String, Remote> remotes, Probe probe) {
        return OnEachNode.apply(nodes, n -> measure(remotes.apply(n), probe));
    }

    /** Each node's offset, or why it could not be read: one node's failure does not hide another's. */
    public record Readings(Map<String, Offset> offsets, Map<String, String> failures) {}

    public static Readings read(List<String> nodes, Function<String, Remote> remotes, Probe probe) {
        Map<String, Object> each = OnEachNode.apply(nodes, n -> {
            Remote node = remotes.apply(n);
            try {
                return measure(node, probe);
            } catch (RuntimeException e) { // the table's row names the node already
                String m = String.valueOf(e.getMessage());
                return m.startsWith("on " + node.host() + ": ")
                        ? m.substring(("on " + node.host() + ": ").length())
                        : m;
            }
        });
        Map<String, Offset> offsets = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        each.forEach((n, r) -> {
            if (r instanceof Offset o) {
                offsets.put(n, o);
            } else {
                failures.put(n, String.valueOf(r));
            }
        });
        return new Readings(offsets, failures);
    }

    static Offset measure(Remote node, Probe probe) {
        Offset o;
        AtomicBoolean late = new AtomicBoolean();
        try (Conversation c = node.converse(probe.command())) {
            // a stalled node must not hold the run: the conversation is closed at the limit, which ends any pending
            // read
            var watchdog = WATCHDOG.schedule(
                    () -> {
                        late.set(true);
                        c.close();
                    },
                    LIMIT.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                o = pingPong(c, PINGS, MAX_PINGS, GOOD_BOUND_MILLIS, LocalClock.SYSTEM);
            } finally {
                watchdog.cancel(false);
            }
        } catch (RuntimeException e) { // the channel broke, or the node answered something that is not a time
            String why = late.get()
                    ? "no answer within " + LIMIT.toSeconds() + " s"
                    : e instanceof RemoteException && e.getCause() != null
                            ? e.getCause().toString()
                            : e.getMessage();
            throw new RemoteException(
                    node.host(),
                    "clock probe",
                    -1,
                    "on " + node.host() + ": could not read the " + probe.clock() + " clock: " + why,
                    e);
        }
        return new Offset(o.offsetMillis(), o.boundMillis(), o.pings(), TimeSync.read(node), probe.clock());
    }

    /**
     * The NTP-style estimate from at least {@code pings} request/answer pairs (after one that starts the loop), going on
     * up to {@code maxPings} while the best bound is wider than {@code goodBoundMillis}: on a loaded machine a quiet
     * moment comes sooner or later, and only the quietest exchange counts.
     */
    static Offset pingPong(Conversation c, int pings, int maxPings, double goodBoundMillis, LocalClock clock) {
        c.ask(""); // starts the responder and warms the path; not a sample
        double bestOffset = Double.NaN;
        long bestRtt = Long.MAX_VALUE;
        int i = 0;
        long extraUntil = Long.MAX_VALUE;
        for (; i < pings || (i < maxPings && bestRtt / 2e6 > goodBoundMillis && clock.nanos() < extraUntil); i++) {
            if (i == pings) {
                extraUntil = clock.nanos() + EXTRA_BUDGET.toNanos();
            }
            Instant wall = clock.wall();
            long t0 = clock.nanos();
            String answer = c.ask("");
            long rtt = clock.nanos() - t0;
            if (rtt < bestRtt) {
                bestRtt = rtt;
                double midpointMicros = micros(wall) + rtt / 2e3;
                bestOffset = (parseMicros(answer) - midpointMicros) / 1e3;
            }
        }
        return new Offset(bestOffset, bestRtt / 2e6, i, null, null);
    }

    static double micros(Instant t) {
        return t.getEpochSecond() * 1e6 + t.getNano() / 1e3;
    }

    /** Seconds since the epoch with a fraction ({@code 1764662400.123456}) as microseconds. */
    static double parseMicros(String answer) {
        String s = answer.strip();
        int dot = s.indexOf('.');
        try {
            long seconds = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
            String frac = dot < 0 ? "" : (s.substring(dot + 1) + "000000000").substring(0, 9);
            return seconds * 1e6 + Long.parseLong(frac.isEmpty() ? "0" : frac) / 1e3;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "the clock probe answered '" + answer + "', not seconds since the epoch", e);
        }
    }
}
