package io.streamscale.cluster;

import io.streamscale.remote.Remote;
import io.streamscale.remote.RemoteException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node's own time daemon estimates of its clock, recorded beside our measured offset: chrony
 * ({@code chronyc -n tracking}) or ntpd ({@code ntpq -pn}, the selected peer).
 *
 * @param daemon       chrony, ntpd, or none
 * @param offsetMillis the node's clock minus the daemon's reference, NaN when unknown
 * @param detail       the line the figure was read from, or why there is none
 */
public record TimeSync(String daemon, double offsetMillis, String detail) {
    static final String COMMAND = "if command -v chronyc >/dev/null 2>&1 && chronyc -n tracking 2>/dev/null; then :; "
            + "elif command -v ntpq >/dev/null 2>&1; then ntpq -pn 2>/dev/null; fi; true";
    private static final Pattern CHRONY =
            Pattern.compile("(?m)^System time\\s*:\\s*([0-9.]+) seconds (fast|slow) of NTP time\\s*$");
    private static final Pattern NTPQ_SELECTED = Pattern.compile(
            "(?m)^\\*(\\S+)\\s+\\S+\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+(-?[0-9.]+)\\s+\\S+\\s*$");

    static TimeSync read(Remote node) {
        try {
            return parse(node.exec(COMMAND, Duration.ofSeconds(15)).stdout());
        } catch (RemoteException e) {
            return new TimeSync("none", Double.NaN, "could not ask: " + e.getMessage());
        }
    }

    static TimeSync parse(String out) {
        Matcher c = CHRONY.matcher(out);
        if (c.find()) {
            double s = Double.parseDouble(c.group(1)) * ("fast".equals(c.group(2)) ? 1 : -1);
            return new TimeSync("chrony", s * 1e3, c.group().strip());
        }
        Matcher n = NTPQ_SELECTED.matcher(out);
        if (n.find()) {
            // ntpq's offset is the peer's clock minus ours
            return new TimeSync(
                    "ntpd", -Double.parseDouble(n.group(2)), n.group().strip());
        }
        if (out.contains("remote") && out.contains("offset")) {
            return new TimeSync("ntpd", Double.NaN, "ntpd has selected no peer");
        }
        return new TimeSync("none", Double.NaN, "neither chronyd nor ntpd answered");
    }

    @Override
    public String toString() {
        return Double.isNaN(offsetMillis)
                ? daemon + " (" + detail + ")"
                : String.format(Locale.ROOT, "%s: %+.3f ms from its reference", daemon, offsetMillis);
    }
}
