package io.streamscale.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Files that are replaced whole: written to a temporary file beside the target and renamed over it, so a reader (or a
 * run resumed after a crash) finds the old content or the new one, never a truncated file.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp-"
                + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** JSON as {@link Json#MAPPER} writes it. */
    public static void writeJson(Path target, Object value) throws IOException {
        write(target, Json.MAPPER.writeValueAsBytes(value));
    }
}
