package io.streamscale.scheduler;

import io.streamscale.common.Durations;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DAS-5's reservation system: {@code preserve -np N -t SECONDS} prints "Reservation number ID: ...", {@code preserve
 * -llist} lists reservations (id, user, start, stop, state, nhosts, hosts), {@code preserve -c ID} cancels one. The
 * listing is read by its last columns (state, host count, hosts), so the date columns may take any shape.
 */
public final class PrunScheduler implements Scheduler {
    private static final Logger log = LoggerFactory.getLogger(PrunScheduler.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern RESERVATION = Pattern.compile("Reservation number (\\d+)");
    private final Remote frontEnd;
    private final String preserve;
    private final AddressRule addresses;
    private final Duration maxPoll;

    private final Clock clock;

    /** @param preserve the preserve executable (a name on PATH or a path) */
    public PrunScheduler(Remote frontEnd, String preserve, AddressRule addresses, Duration maxPoll) {
        this(frontEnd, preserve, addresses, maxPoll, Clock.systemDefaultZone());
    }

    /** @param clock the time DAS's daytime rule is judged at */
    PrunScheduler(Remote frontEnd, String preserve, AddressRule addresses, Duration maxPoll, Clock clock) {
        this.frontEnd = frontEnd;
        this.preserve = preserve;
        this.addresses = addresses;
        this.maxPoll = maxPoll;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "prun";
    }

    /**
     * One reservation as {@code preserve -llist} shows it; hosts empty until it runs.
     *
     * @param stop when it ends (the stop column, read as this machine's local time), null while pending or unreadable
     */
    record Listed(String id, String state, List<String> hosts, Instant stop) {
        Listed(String id, String state, List<String> hosts) {
            this(id, state, hosts, null);
        }

        boolean running() {
            return state.equals("R") && !hosts.isEmpty();
        }
    }

    @Override
    public Allocation reserve(NodeRequest request, BooleanSupplier cancelled) {
        // refused here, before preserve is asked: DAS's rule is goodwill, so nothing enforces it for us
        DaytimeRule.DAS.refusal(request.walltime(), ZonedDateTime.now(clock)).ifPresent(why -> {
            throw new SchedulerException("not reserved: " + why);
        });
        String command = Shell.quote(preserve) + " -np " + request.nodes() + " -t "
                + request.walltime().toSeconds();
        ExecResult r = frontEnd.exec(command, COMMAND_TIMEOUT);
        Matcher m = RESERVATION.matcher(r.stdout() + "\n" + r.stderr());
        if (!r.ok() || !m.find()) {
            throw new SchedulerException("`" + command + "` exited with " + r.exitCode()
                    + " and gave no reservation number: " + (r.stdout() + r.stderr()).strip());
        }
        String id = m.group(1);
        log.info(
                "prun: reservation {} for {} node(s), {} s; waiting for it to start",
                id,
                request.nodes(),
                request.walltime().toSeconds());
        try {
            Listed[] last = {null};
            long t0 = System.nanoTime();
            long[] lastReport = {0};
            ProbeResult started = Readiness.await(
                    "preserve reservation " + id,
                    request.startTimeout(),
                    maxPoll,
                    () -> {
                        Listed l = listed(id, ZonedDateTime.now())
                                .orElseThrow(
                                        () -> new SchedulerException("reservation " + id + " is no longer listed by `"
                                                + preserve + " -llist` (cancelled or expired before it started)"));
                        last[0] = l;
                        if (l.running()) {
                            return ProbeResult.ready(String.join(" ", l.hosts()));
                        }
                        long now = System.nanoTime();
                        if (now - lastReport[0] >= 30_000_000_000L) {
                            lastReport[0] = now;
                            log.info(
                                    "prun: reservation {} in state {}, waited {} of at most {}",
                                    id,
                                    l.state(),
                                    Durations.format(Duration.ofNanos(now - t0).withNanos(0)),
                                    Durations.format(request.startTimeout()));
                        }
                        return ProbeResult.notReady("state " + l.state());
                    },
                    cancelled,
                    () -> {});
            if (!started.ready()) {
                throw new SchedulerException("preserve reservation " + id + " did not start within "
                        + Durations.format(request.startTimeout()) + " (" + started.detail() + "); cancelled it ("
                        + preserve + " -c " + id + ")");
            }
            List<String> hosts = last[0].hosts();
            if (hosts.size() < request.nodes()) {
                throw new SchedulerException("preserve reservation " + id + " runs on " + hosts.size() + " host(s) "
                        + hosts + ", " + request.nodes() + " were asked for");
            }
            Instant ends = endOf(last[0].stop(), Instant.now().plus(request.walltime()));
            if (last[0].stop() == null) {
                log.warn(
                        "prun: reservation {}: no stop time in `{} -llist`; taking now + {} as its end",
                        id,
                        preserve,
                        Durations.format(request.walltime()));
            }
            log.info("prun: reservation {} running on {} until {}", id, String.join(" ", hosts), ends);
            return new Allocation(
                    id,
                    "preserve reservation " + id + " (" + String.join(" ", hosts) + ", reserved by streamscale)",
                    addresses.resolve(hosts),
                    ends,
                    () -> cancel(id));
        } catch (RuntimeException e) {
            cancel(id);
            throw e;
        }
    }

    Optional<Listed> listed(String id, ZonedDateTime now) {
        String command = Shell.quote(preserve) + " -llist";
        ExecResult r = frontEnd.exec(command, COMMAND_TIMEOUT);
        if (!r.ok()) {
            throw new SchedulerException("`" + command + "` exited with " + r.exitCode() + ": "
                    + r.stderr().strip());
        }
        return parseListing(r.stdout(), id, now);
    }

    /**
     * Finds the reservation's row: its first column is the id; reading from the right, the hosts follow a count that
     * matches them, preceded by the state ({@code R} running, {@code PD} pending). A pending row lists "-" as hosts.
     * Before the state come start and stop, each {@code MM/DD HH:MM} without a year: the stop is taken in the year that
     * puts it nearest to {@code now} (a reservation made on 31 December ends in January), in {@code now}'s time zone.
     */
    static Optional<Listed> parseListing(String listing, String id, ZonedDateTime now) {
        for (String line : listing.lines().toList()) {
            String[] t = line.strip().split("\\s+");
            if (t.length < 4 || !t[0].equals(id)) {
                continue;
            }
            for (int i = t.length - 1; i >= 2; i--) {
                if (!t[i].matches("\\d+")) {
                    continue;
                }
                int n = Integer.parseInt(t[i]);
                List<String> rest = Arrays.asList(t).subList(i + 1, t.length);
                if (rest.size() == n && rest.stream().noneMatch(h -> h.equals("-"))) {
                    Instant stop = i >= 5 ? stopTime(t[i - 3], t[i - 2], now) : null;
                    return Optional.of(new Listed(id, t[i - 1], List.copyOf(rest), stop));
                }
                if (rest.isEmpty() || rest.equals(List.of("-"))) {
                    return Optional.of(new Listed(id, t[i - 1], List.of()));
                }
            }
            throw new SchedulerException("cannot read reservation " + id + " from preserve's listing line '"
                    + line.strip() + "' (expected: id user start stop state nhosts hosts)");
        }
        return Optional.empty();
    }

    /**
     * The reservation's end. preserve shows its stop to the minute, so the true end lies in [shown, shown + 60 s): the
     * first poll that saw it running plus its length is used when it falls in that window (exact to a poll interval),
     * the shown minute otherwise (it started well before we looked: never later than the truth).
     */
    static Instant endOf(Instant shownStop, Instant seenPlusLength) {
        if (shownStop == null) {
            return seenPlusLength;
        }
        boolean inWindow = !seenPlusLength.isBefore(shownStop) && seenPlusLength.isBefore(shownStop.plusSeconds(60));
        return inWindow ? seenPlusLength : shownStop;
    }

    private static final Pattern DAY = Pattern.compile("(\\d{1,2})/(\\d{1,2})");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})");

    /** {@code MM/DD} and {@code HH:MM} as an instant in {@code now}'s zone and nearest year; null if not of that shape. */
    static Instant stopTime(String day, String clock, ZonedDateTime now) {
        Matcher d = DAY.matcher(day);
        Matcher c = CLOCK.matcher(clock);
        if (!d.matches() || !c.matches()) {
            return null;
        }
        Instant best = null;
        for (int year = now.getYear() - 1; year <= now.getYear() + 1; year++) {
            try {
                Instant at = ZonedDateTime.of(
                                year,
                                Integer.parseInt(d.group(1)),
                                Integer.parseInt(d.group(2)),
                                Integer.parseInt(c.group(1)),
                                Integer.parseInt(c.group(2)),
                                0,
                                0,
                                now.getZone())
                        .toInstant();
                if (best == null
                        || Duration.between(now.toInstant(), at)
                                        .abs()
                                        .compareTo(Duration.between(now.toInstant(), best)
                                                .abs())
                                < 0) {
                    best = at;
                }
            } catch (DateTimeException e) {
                // 02/29 outside a leap year: not this year
            }
        }
        return best;
    }

    private void cancel(String id) {
        String command = Shell.quote(preserve) + " -c " + id;
        ExecResult r = frontEnd.exec(command, COMMAND_TIMEOUT);
        if (r.ok()) {
            log.info("prun: reservation {} cancelled", id);
        } else {
            log.error("prun: `{}` exited with {}: {}", command, r.exitCode(), (r.stdout() + r.stderr()).strip());
        }
    }
}
