package io.streamscale.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Spark's file sink lists the files of every committed batch, by absolute path, in {@code _spark_metadata/}; readers
 * trust that list (it is what makes the output exactly once). Output fetched from node scratch into the run directory
 * must have its list point at the new place, or readers find nothing.
 */
final class SinkMetadata {
    private SinkMetadata() {}

    /** @return how many metadata files were rewritten */
    static int relocate(Path outputDir, String writtenAt) {
        Path log = outputDir.resolve("_spark_metadata");
        if (!Files.isDirectory(log)) {
            return 0;
        }
        String from = stripSlash(writtenAt) + "/";
        String to = stripSlash(outputDir.toAbsolutePath().toString()) + "/";
        int n = 0;
        try (Stream<Path> files = Files.list(log)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList()) {
                String s = Files.readString(f, StandardCharsets.UTF_8);
                String moved = s.replace("file://" + from, "file://" + to).replace("file:" + from, "file:" + to);
                if (!moved.equals(s)) {
                    Files.writeString(f, moved, StandardCharsets.UTF_8);
                    // Hadoop's local filesystem checks a file against its .crc sibling: the old one would now fail
                    Files.deleteIfExists(f.resolveSibling("." + f.getFileName() + ".crc"));
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the file sink's log in " + log, e);
        }
        return n;
    }

    private static String stripSlash(String p) {
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
