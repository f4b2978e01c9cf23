package io.streamscale.cluster;

import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import io.streamscale.runtime.RuntimeLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the runtime bundle to nodes that do not see this machine's files: to {@code <cache>/<content hash>} on each
 * node, uploaded once and reused by every later run with the same bundle. Before every use the copy on each node is
 * checked file by file against this machine's checksums (sha256sum on the node): a copy that was damaged, changed or
 * added to is removed and uploaded again, so a run never executes code other than the bundle's. A full check leaves a
 * record of every file's size, change time and inode beside the copy; while they stay the same, later checks compare
 * only them (a file written, touched or replaced since has a new change time, and the whole copy is hashed again).
 */
public final class RuntimeShipper {
    private static final Logger log = LoggerFactory.getLogger(RuntimeShipper.class);
    private static final Duration VERIFY_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Uploads at once. They share this machine's link (and, on one machine, its cores): 32 at once made each take
     * 32 times as long and starved the small commands beside them (a 30 s `test -d` timed out at 64 emulated nodes);
     * a few at a time finish the first nodes early and keep the link as busy.
     */
    static final int UPLOADS_AT_ONCE = 4;

    private static final Semaphore UPLOADS = new Semaphore(UPLOADS_AT_ONCE, true);

    private RuntimeShipper() {}

    /**
     * The bundle's checksums as sha256sum prints them ({@code <hex>  ./<relative path>}, in path order) and their own
     * hash: the first 16 hex digits of the SHA-256 of that list, so it follows every file's content and name.
     */
    public record Checksums(String list, int files, String hash) {}

    /** @return the layout as the nodes see it (the shipped bundle; installations named explicitly are kept) */
    public static RuntimeLayout ship(
            RuntimeLayout local, List<String> nodes, Function<String, Remote> remotes, String cache) {
        Path bundle = Path.of(local.runtimeDir());
        long t0 = System.nanoTime();
        Checksums sums = checksums(bundle);
        String target = cache + "/" + sums.hash();
        Map<String, String> how =
                OnEachNode.apply(nodes, n -> installVerified(remotes.apply(n), bundle, cache, target, sums));
        how.forEach((n, h) -> log.info("{}: runtime {} {}", n, sums.hash(), h));
        log.info("runtime: on {} node(s), checked, after {} ms", nodes.size(), (System.nanoTime() - t0) / 1_000_000);
        return new RuntimeLayout(target, local.kafkaHome(), local.sparkHome(), local.javaHome());
    }

    private static String installVerified(Remote node, Path bundle, String cache, String target, Checksums sums) {
        node.run(
                "umask 077 && mkdir -p " + Shell.quote(cache) + " && chmod 700 " + Shell.quote(cache),
                Duration.ofSeconds(30));
        boolean uploaded = uploadBounded(node, bundle, target);
        String mismatch = mismatch(node, target, sums);
        if (mismatch == null) {
            return uploaded ? "uploaded to " + target : "already there, reused";
        }
        log.warn(
                "{}: runtime at {} does not match its checksums ({}); uploading it again",
                node.host(),
                target,
                mismatch);
        node.run("rm -rf " + Shell.quote(target) + " " + Shell.quote(target + ".verified"), Duration.ofMinutes(2));
        uploadBounded(node, bundle, target);
        mismatch = mismatch(node, target, sums);
        if (mismatch != null) {
            throw new IllegalStateException("on " + node.host() + ": the runtime uploaded to " + target
                    + " does not match its checksums: " + mismatch);
        }
        return "uploaded again to " + target + " (the copy there did not match)";
    }

    private static boolean uploadBounded(Remote node, Path bundle, String target) {
        UPLOADS.acquireUninterruptibly();
        try {
            return NodeFiles.install(node, bundle, target);
        } finally {
            UPLOADS.release();
        }
    }

    /** Null if every file on the node matches and there is no other file; else what differs. */
    static String mismatch(Remote node, String target, Checksums sums) {
        // every file's path, size, change time and inode: a write, a touch or a replaced file changes its ctime, which
        // no
        // user can set back, so a listing equal to the one recorded after the last full check means nothing changed
        // since
        // and the 400 MB need not be hashed again on every run (3 CPU-seconds a node, each run)
        String stamp = Shell.quote(target + ".verified");
        String cmd = "cd " + Shell.quote(target) + " || exit 1;"
                + " L=$(find . -type f -printf '%p %s %C@ %i\\n' | LC_ALL=C sort | sha256sum | cut -c1-64);"
                + " if [ -f " + stamp + " ] && [ \"$(cat " + stamp + ")\" = \"$L\" ]; then cat > /dev/null; exit 0; fi;"
                + " rm -f " + stamp + "; n=$(find . -type f | wc -l) && sha256sum --quiet --strict -c - 2>&1"
                + " && if [ \"$n\" -eq " + sums.files() + " ]; then (umask 077; printf '%s\\n' \"$L\" > " + stamp
                + "); else echo \"$n files, " + sums.files() + " expected\"; fi";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = node.exec(
                cmd, new ByteArrayInputStream(sums.list().getBytes(StandardCharsets.UTF_8)), out, VERIFY_TIMEOUT);
        String text = (out.toString(StandardCharsets.UTF_8) + r.stderr()).strip();
        if (r.exitCode() == 0 && text.isEmpty()) {
            return null;
        }
        List<String> lines = text.lines().limit(5).toList();
        return lines.isEmpty() ? "sha256sum exited with " + r.exitCode() : String.join("; ", lines);
    }

    public static Checksums checksums(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            StringBuilder list = new StringBuilder();
            byte[] buf = new byte[1 << 16];
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            for (Path f : all) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(f)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        md.update(buf, 0, n);
                    }
                }
                list.append(HexFormat.of().formatHex(md.digest()))
                        .append("  ./")
                        .append(dir.relativize(f))
                        .append('\n');
            }
            String text = list.toString();
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
            return new Checksums(text, all.size(), hash);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runtime bundle " + dir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 16 hex digits of the bundle's checksum list's SHA-256. */
    public static String contentHash(Path dir) {
        return checksums(dir).hash();
    }
}
