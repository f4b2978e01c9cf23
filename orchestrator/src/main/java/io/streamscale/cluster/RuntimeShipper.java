package io.streamscale.cluster;

import io.streamscale.runtime.RuntimeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the runtime bundle to nodes that do not see this machine's files: to {@code <cache>/<content hash>} on each
 * node, uploaded once and reused by every later run with the same bundle.
 */
public final class RuntimeShipper {
    private static final Logger log = LoggerFactory.getLogger(RuntimeShipper.class);

    private RuntimeShipper() {
    }

    /** @return the layout as the nodes see it (the shipped bundle; installations named explicitly are kept) */
    public static RuntimeLayout ship(RuntimeLayout local, List<String> nodes, Function<String, io.streamscale.remote.Remote> remotes,
                                     String cache) {
        Path bundle = Path.of(local.runtimeDir());
        long t0 = System.nanoTime();
        String hash = contentHash(bundle);
        String target = cache + "/" + hash;
        Map<String, Boolean> uploaded = OnEachNode.apply(nodes, n -> NodeFiles.install(remotes.apply(n), bundle, target));
        uploaded.forEach((n, up) -> log.info("{}: runtime {} {}", n, hash, up ? "uploaded to " + target : "already there, reused"));
        log.info("runtime: on {} node(s) after {} ms", nodes.size(), (System.nanoTime() - t0) / 1_000_000);
        return new RuntimeLayout(target, local.kafkaHome(), local.sparkHome(), local.javaHome());
    }

    /** SHA-256 over every file's relative path and content, in path order; the first 16 hex digits. */
    public static String contentHash(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                md.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                try (InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runtime bundle " + dir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
