package io.streamscale.results;

import io.streamscale.remote.ExecResult;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether the results directory's filesystem can hold what a study will write, checked before anything is reserved:
 * its free space, and this user's disk quota there when {@code quota} knows one (home directories and cluster scratch
 * filesystems are often capped below their free space).
 */
public final class ResultsSpace {
    private ResultsSpace() {}

    /** Why {@code needed} bytes do not fit under {@code results}, naming the numbers; empty when they do. */
    public static Optional<String> shortfall(Path results, long needed) {
        Path dir = results.toAbsolutePath().normalize();
        while (!Files.exists(dir) && dir.getParent() != null) {
            dir = dir.getParent();
        }
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Optional.empty(); // cannot tell: the run's own writes will say
        }
        if (needed > free) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "%s has %s free; the runs will write about %s (`plan` lists it):"
                            + " free space there, or give --results on a larger filesystem",
                    results,
                    format(free),
                    format(needed)));
        }
        OptionalLong quota = quotaLeft(dir);
        if (quota.isPresent() && needed > quota.getAsLong()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "your disk quota on %s leaves %s (`quota -s`); the runs will write about"
                            + " %s (`plan` lists it): make room, or give --results on a filesystem with room",
                    results,
                    format(quota.getAsLong()),
                    format(needed)));
        }
        return Optional.empty();
    }

    /** Bytes this user may still write on {@code dir}'s filesystem by {@code quota}, if it reports a limit there. */
    static OptionalLong quotaLeft(Path dir) {
        LocalRemote here = new LocalRemote("this machine");
        ExecResult df = here.exec(
                "df -P " + Shell.quote(dir.toString()) + " 2>/dev/null | awk 'NR==2 {print $1}'",
                Duration.ofSeconds(10));
        ExecResult q = here.exec("command -v quota >/dev/null && quota -w 2>/dev/null", Duration.ofSeconds(10));
        return df.ok() && q.ok() ? quotaLeft(q.stdout(), df.stdout().strip()) : OptionalLong.empty();
    }

    /**
     * From {@code quota -w}'s table (a line per filesystem: device, KiB used with a * when over, soft limit, hard limit,
     * ...), what is left on {@code device} below its soft limit (or hard, where no soft one is set).
     */
    static OptionalLong quotaLeft(String quotaOutput, String device) {
        for (String l : quotaOutput.lines().toList()) {
            String[] f = l.strip().split("\\s+");
            if (f.length >= 4 && f[0].equals(device)) {
                try {
                    long used = Long.parseLong(f[1].replace("*", ""));
                    long soft = Long.parseLong(f[2]);
                    long hard = Long.parseLong(f[3]);
                    long limit = soft > 0 ? soft : hard;
                    return limit > 0 ? OptionalLong.of(Math.max(0, limit - used) * 1024) : OptionalLong.empty();
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static String format(long bytes) {
        return bytes < 1_000_000_000
                ? String.format(Locale.ROOT, "%.0f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
