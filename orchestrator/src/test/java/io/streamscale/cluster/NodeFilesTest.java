package io.streamscale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.ExecResult;
import io.streamscale.remote.LocalRemote;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.testing.RecordingRemote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeFilesTest {
    @TempDir
    Path tmp;

    @Test
    void installsOnceAndLeavesNoPartialDirectories() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("bundle/lib"));
        Files.writeString(src.resolve("a.jar"), "jar");
        String target = tmp.resolve("cache/abc").toString();
        assertTrue(NodeFiles.install(new LocalRemote("n1"), tmp.resolve("bundle"), target));
        assertFalse(NodeFiles.install(new LocalRemote("n1"), tmp.resolve("bundle"), target), "reused the second time");
        assertEquals("jar", Files.readString(Path.of(target, "lib/a.jar")));
        // several nodes on one disk race for the same target: one wins, the others drop their copies
        Map<String, Boolean> r = OnEachNode.apply(
                List.of("n1", "n2", "n3"),
                n -> NodeFiles.install(
                        new LocalRemote(n),
                        tmp.resolve("bundle"),
                        tmp.resolve("cache/raced").toString()));
        assertTrue(r.containsValue(true));
        try (Stream<Path> left = Files.list(tmp.resolve("cache"))) {
            assertEquals(
                    List.of("abc", "raced"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("jar", Files.readString(tmp.resolve("cache/raced/lib/a.jar")));
    }

    @Test
    void theContentHashFollowsContentAndNames() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve("x"), "1");
        String h1 = RuntimeShipper.contentHash(a);
        assertEquals(h1, RuntimeShipper.contentHash(a));
        Files.writeString(a.resolve("x"), "2");
        assertNotEquals(h1, RuntimeShipper.contentHash(a));
        String h2 = RuntimeShipper.contentHash(a);
        Files.move(a.resolve("x"), a.resolve("y"));
        assertNotEquals(h2, RuntimeShipper.contentHash(a));
        assertEquals(16, h1.length());
    }

    @Test
    void aShippedRuntimeIsCheckedBeforeEveryUseAndReplacedWhenItDoesNotMatch() throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("runtime/kafka/libs"));
        Files.writeString(bundle.resolve("kafka.jar"), "the broker");
        Files.writeString(tmp.resolve("runtime/run.sh"), "echo hi");
        RuntimeLayout local = new RuntimeLayout(tmp.resolve("runtime").toString(), null, null, "/usr");
        String cache = tmp.resolve("node/runtime").toString();
        LocalRemote n1 = new LocalRemote("n1");
        RuntimeLayout shipped = RuntimeShipper.ship(local, List.of("n1"), n -> n1, cache);
        Path target = Path.of(shipped.runtimeDir());
        assertEquals(
                RuntimeShipper.contentHash(tmp.resolve("runtime")),
                target.getFileName().toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(cache))));
        RuntimeShipper.Checksums sums = RuntimeShipper.checksums(tmp.resolve("runtime"));
        assertEquals(null, RuntimeShipper.mismatch(n1, target.toString(), sums));
        Path stamp = Path.of(target + ".verified");
        assertTrue(Files.exists(stamp), "a full check records the files it found whole");
        assertEquals(null, RuntimeShipper.mismatch(n1, target.toString(), sums), "and the next check compares them");

        // the same length, the modification time put back: only the change time tells, and it does
        FileTime mtime = Files.getLastModifiedTime(target.resolve("kafka/libs/kafka.jar"));
        Files.writeString(target.resolve("kafka/libs/kafka.jar"), "the brokeR");
        Files.setLastModifiedTime(target.resolve("kafka/libs/kafka.jar"), mtime);
        assertTrue(RuntimeShipper.mismatch(n1, target.toString(), sums).contains("kafka.jar: FAILED"));
        assertFalse(Files.exists(stamp), "no record left for a copy that failed");
        RuntimeShipper.ship(local, List.of("n1"), n -> n1, cache);

        Files.writeString(target.resolve("kafka/libs/kafka.jar"), "someone else's broker");
        assertTrue(RuntimeShipper.mismatch(n1, target.toString(), sums).contains("kafka.jar: FAILED"));
        RuntimeShipper.ship(local, List.of("n1"), n -> n1, cache);
        assertEquals("the broker", Files.readString(target.resolve("kafka/libs/kafka.jar")), "replaced before use");

        Files.writeString(target.resolve("kafka/libs/extra.jar"), "added");
        assertEquals("3 files, 2 expected", RuntimeShipper.mismatch(n1, target.toString(), sums));
        RuntimeShipper.ship(local, List.of("n1"), n -> n1, cache);
        assertFalse(Files.exists(target.resolve("kafka/libs/extra.jar")), "a file added to the copy is gone");
        assertEquals(null, RuntimeShipper.mismatch(n1, target.toString(), sums));
    }

    @Test
    void aRuntimeGoesToAFewNodesAtATimeSoTheirLinkIsNotSplitTwelveWays() throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(bundle.resolve("a.jar"), "a");
        RuntimeLayout local = new RuntimeLayout(bundle.toString(), null, null, "/usr");
        AtomicInteger uploading = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Map<String, RecordingRemote> nodes = new ConcurrentHashMap<>();
        for (int i = 1; i <= 12; i++) {
            nodes.put("n" + i, new RecordingRemote("n" + i, c -> {
                if (c.startsWith("test -d ")) {
                    return new ExecResult(1, "", ""); // not there yet: every node uploads
                }
                if (c.contains("tar -xf -")) {
                    most.accumulateAndGet(uploading.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(20); // an upload takes a while: the others would pile up beside it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    uploading.decrementAndGet();
                }
                return new ExecResult(0, "", "");
            }));
        }
        RuntimeShipper.ship(local, List.copyOf(nodes.keySet()), nodes::get, "/cache");
        assertTrue(
                most.get() <= RuntimeShipper.UPLOADS_AT_ONCE,
                most.get() + " uploads at once, at most " + RuntimeShipper.UPLOADS_AT_ONCE + " wanted");
        assertTrue(nodes.values().stream().allMatch(r -> r.commands.stream().anyMatch(c -> c.contains("tar -xf -"))));
    }
}
