package io.streamscale.cluster;

import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * Installs a directory on a node exactly once: it is uploaded beside its target and moved into place in one rename, so
 * a target that exists is complete (an interrupted upload leaves only a {@code .part-*} directory), and two uploads
 * to the same filesystem (nodes sharing a disk) do not mix.
 */
public final class NodeFiles {
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);

    private NodeFiles() {}

    /** @return true if it was uploaded, false if the target was there already */
    public static boolean install(Remote node, Path localDir, String target) {
        if (node.exec("test -d " + Shell.quote(target), Duration.ofSeconds(30)).ok()) {
            return false;
        }
        String part = target + ".part-" + node.host() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        node.uploadTree(localDir, part, UPLOAD_TIMEOUT);
        // mv -T fails when another upload won the race (the target is a non-empty directory): ours is then dropped
        node.run(
                "mv -T " + Shell.quote(part) + " " + Shell.quote(target) + " 2>/dev/null || rm -rf "
                        + Shell.quote(part),
                Duration.ofMinutes(2));
        return true;
    }
}
