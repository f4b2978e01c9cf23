package io.streamscale.manifest;

import io.streamscale.common.Durations;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads as people write them: a rate ({@code 5000}, {@code 5000/s}, {@code 16.7k/s}) or messages per duration, as the
 * seed report does ({@code 5M/10m}: five million messages per ten minutes = 8333.3 msg/s).
 */
public final class Loads {
    private static final Pattern LOAD = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmM]?)\\s*(?:/\\s*(\\S+))?");

    private Loads() {}

    /** @return messages per second, > 0 */
    public static double rate(String text) {
        Matcher m = LOAD.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a load: write a rate (5000, 5000/s, 16.7k/s) or"
                    + " messages per duration (5M/10m)");
        }
        double count = Double.parseDouble(m.group(1))
                * switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "k" -> 1e3;
                    case "m" -> 1e6;
                    default -> 1;
                };
        String per = m.group(3);
        double seconds =
                per == null || per.equals("s") ? 1 : Durations.parse(per).toMillis() / 1000.0;
        if (!(count > 0) || !(seconds > 0)) {
            throw new IllegalArgumentException("'" + text + "': a load must be more than 0 messages per positive time");
        }
        return count / seconds;
    }
}
