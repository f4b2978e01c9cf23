package io.streamscale.scheduler;

import io.streamscale.common.Durations;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import java.time.Duration;
import java.time.Instant;
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

    /** @param preserve the preserve executable (a name on PATH or a path) */
    public PrunScheduler(Remote frontEnd, String preserve, AddressRule addresses, Duration maxPoll) {
        this.frontEnd = frontEnd;
        this.preserve = preserve;
        this.addresses = addresses;
        this.maxPoll = maxPoll;
    }

    @Override
    public String name() {
        return "prun";
    }

    /** One reservation as {@code preserve -llist} shows it; hosts empty until it runs. */
    record Listed(String id, String state, List<String> hosts) {
        boolean running() {
            return state.equals("R") && !hosts.isEmpty();
        }
    }

    @Override
    public Allocation reserve(NodeRequest request, BooleanSupplier cancelled) {
        String command = Shell.quote(preserve) + " -np " + request.nodes() + " -t " + request.walltime().toSeconds();
        ExecResult r = frontEnd.exec(command, COMMAND_TIMEOUT);
        Matcher m = RESERVATION.matcher(r.stdout() + "\n" + r.stderr());
        if (!r.ok() || !m.find()) {
            throw new SchedulerException("`" + command + "` exited with " + r.exitCode() + " and gave no reservation number: "
                    + (r.stdout() + r.stderr()).strip());
        }
        String id = m.group(1);
        log.info("prun: reservation {} for {} node(s), {} s; waiting for it to start", id, request.nodes(), request.walltime().toSeconds());
        try {
            Listed[] last = {null};
            long t0 = System.nanoTime();
            long[] lastReport = {0};
            ProbeResult started = Readiness.await("preserve reservation " + id, request.startTimeout(), maxPoll, () -> {
                Listed l = listed(id).orElseThrow(() -> new SchedulerException("reservation " + id
                        + " is no longer listed by `" + preserve + " -llist` (cancelled or expired before it started)"));
                last[0] = l;
                if (l.running()) {
                    return ProbeResult.ready(String.join(" ", l.hosts()));
                }
                long now = System.nanoTime();
                if (now - lastReport[0] >= 30_000_000_000L) {
                    lastReport[0] = now;
                    log.info("prun: reservation {} in state {}, waited {} of at most {}", id, l.state(),
                            Durations.format(Duration.ofNanos(now - t0).withNanos(0)), Durations.format(request.startTimeout()));
                }
                return ProbeResult.notReady("state " + l.state());
            }, cancelled, () -> { });
            if (!started.ready()) {
                throw new SchedulerException("preserve reservation " + id + " did not start within "
                        + Durations.format(request.startTimeout()) + " (" + started.detail() + "); cancelled it (" + preserve + " -c " + id + ")");
            }
            List<String> hosts = last[0].hosts();
            if (hosts.size() < request.nodes()) {
                throw new SchedulerException("preserve reservation " + id + " runs on " + hosts.size() + " host(s) " + hosts
                        + ", " + request.nodes() + " were asked for");
            }
            log.info("prun: reservation {} running on {}", id, String.join(" ", hosts));
            return new Allocation(id, "preserve reservation " + id + " (" + String.join(" ", hosts) + ", reserved by streamscale)",
                    addresses.resolve(hosts), Instant.now().plus(request.walltime()), () -> cancel(id));
        } catch (RuntimeException e) {
            cancel(id);
            throw e;
        }
    }

    Optional<Listed> listed(String id) {
        String command = Shell.quote(preserve) + " -llist";
        ExecResult r = frontEnd.exec(command, COMMAND_TIMEOUT);
        if (!r.ok()) {
            throw new SchedulerException("`" + command + "` exited with " + r.exitCode() + ": " + r.stderr().strip());
        }
        return parseListing(r.stdout(), id);
    }

    /**
     * Finds the reservation's row: its first column is the id; reading from the right, the hosts follow a count that
     * matches them, preceded by the state ({@code R} running, {@code PD} pending). A pending row lists "-" as hosts.
     */
    static Optional<Listed> parseListing(String listing, String id) {
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
                    return Optional.of(new Listed(id, t[i - 1], List.copyOf(rest)));
                }
                if (rest.isEmpty() || rest.equals(List.of("-"))) {
                    return Optional.of(new Listed(id, t[i - 1], List.of()));
                }
            }
            throw new SchedulerException("cannot read reservation " + id + " from preserve's listing line '" + line.strip()
                    + "' (expected: id user start stop state nhosts hosts)");
        }
        return Optional.empty();
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
