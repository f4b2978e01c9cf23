package io.streamscale.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where DuckDB spills what does not fit its memory limit: a directory of each analysis's own (created 0700, removed
 * when it ends) inside one of this user's, under {@code java.io.tmpdir}. A shared, predictably named directory would
 * belong to whoever made it first: on fs0 and shared nodes another user's analysis could then not spill, or spill into
 * a directory someone else controls.
 */
final class SpillDir {
    private SpillDir() {}

    /** A fresh directory for one analysis, in this user's own under the JVM's temporary directory. */
    static Path create() {
        String user = System.getProperty("user.name");
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "streamscale-duckdb-" + user);
        try {
            try {
                Files.createDirectory(
                        base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException mineAlready) {
                if (!Files.getOwner(base).getName().equals(user)
                        || !Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
                    return Files.createTempDirectory(
                            "streamscale-duckdb-"); // someone else's name: a random one of ours
                }
            }
            return Files.createTempDirectory(base, "analysis-"); // 0700
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spill directory under " + base.getParent(), e);
        }
    }

    /** Removes an analysis's directory and what DuckDB left in it. */
    static void remove(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover in this user's own temporary directory; nothing to report to the analysis
        }
    }
}
