package io.streamscale.common;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 00:15:00}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern CLOCK = Pattern.compile("(\\d+):(\\d{2}):(\\d{2})");

    private Durations() {}

    /** @throws IllegalArgumentException saying what forms are accepted */
    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        Matcher clock = CLOCK.matcher(s);
        if (clock.matches()) {
            return Duration.ofHours(Long.parseLong(clock.group(1)))
                    .plusMinutes(Long.parseLong(clock.group(2)))
                    .plusSeconds(Long.parseLong(clock.group(3)));
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        double millis = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double v = Double.parseDouble(m.group(1));
            millis += v
                    * switch (m.group(2)) {
                        case "ms" -> 1;
                        case "s" -> 1_000;
                        case "m" -> 60_000;
                        case "h" -> 3_600_000;
                        default -> 86_400_000;
                    };
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: write e.g. 500ms, 90s, 10m, 1h30m or 00:15:00");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** Short human form: {@code 1.5 s}, {@code 2 min 5 s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
    }
}
