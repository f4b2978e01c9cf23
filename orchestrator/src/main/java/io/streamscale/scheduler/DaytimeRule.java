package io.streamscale.scheduler;

import io.streamscale.common.Durations;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * A site's limit on reservations during working hours. DAS's: at most 15 minutes between 08:00 and 20:00 on weekdays;
 * outside those hours as long as you want. A reservation that would be held for any moment of those hours counts.
 *
 * @param from  when daytime starts on a weekday (local time of the machine that reserves)
 * @param until when it ends
 * @param max   the longest reservation that may overlap it
 */
public record DaytimeRule(LocalTime from, LocalTime until, Duration max) {
    /** DAS-4/5/6, the only sites with prun/preserve. */
    public static final DaytimeRule DAS =
            new DaytimeRule(LocalTime.of(8, 0), LocalTime.of(20, 0), Duration.ofMinutes(15));

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT);

    /** The rule the backend's site has: DAS's for prun, none for SLURM (a site's own rules are its partitions' limits). */
    public static Optional<DaytimeRule> of(Backend backend) {
        return backend == Backend.PRUN ? Optional.of(DAS) : Optional.empty();
    }

    /** Whether a reservation of {@code length} starting at {@code start} keeps to the rule. */
    public boolean allows(Duration length, ZonedDateTime start) {
        return length.compareTo(max) <= 0 || !overlapsDaytime(start, start.plus(length));
    }

    /** The first start at or after {@code now}, on the half hour, from which {@code length} keeps to the rule. */
    public ZonedDateTime nextStart(Duration length, ZonedDateTime now) {
        if (allows(length, now)) {
            return now;
        }
        ZonedDateTime t = now.truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < 2 * 24 * 14; i++) {
            t = t.plusMinutes(30);
            if (allows(length, t)) {
                return t;
            }
        }
        return t; // longer than any night and weekend: said by the refusal's length
    }

    /** Why a reservation of {@code length} cannot start at {@code now}, with what to do instead; empty when it can. */
    public Optional<String> refusal(Duration length, ZonedDateTime now) {
        if (allows(length, now)) {
            return Optional.empty();
        }
        ZonedDateTime next = nextStart(length, now);
        return Optional.of(String.format(
                Locale.ROOT,
                "a reservation of %s now (%s) breaks the site's rule: at most %s between %s and %s"
                        + " on weekdays. Ask for at most %s (a shorter duration or warm-up; `streamscale plan` shows each"
                        + " reservation), or start it from %s (`streamscale submit ... --begin %s`, or run it then)",
                Durations.format(length),
                now.format(WHEN),
                Durations.format(max),
                from,
                until,
                Durations.format(max),
                next.format(WHEN),
                next.toLocalDate().equals(now.toLocalDate())
                        ? next.toLocalTime()
                        : next.toLocalDate() + "T" + next.toLocalTime()));
    }

    private boolean overlapsDaytime(ZonedDateTime start, ZonedDateTime end) {
        for (ZonedDateTime day = start.truncatedTo(ChronoUnit.DAYS); day.isBefore(end); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            ZonedDateTime a = day.with(from);
            ZonedDateTime b = day.with(until);
            if (start.isBefore(b) && end.isAfter(a)) {
                return true;
            }
        }
        return false;
    }
}
