package io.streamscale.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRemoteTest {
    static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void streamsStdinAndStdoutAndKeepsStderr() {
        LocalRemote r = new LocalRemote("here");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult res = r.exec(
                "tr a-z A-Z; echo oops >&2; exit 4",
                new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)),
                out,
                T);
        assertEquals("HELLO", out.toString(StandardCharsets.UTF_8));
        assertEquals(4, res.exitCode());
        assertEquals("oops\n", res.stderr());
    }

    @Test
    void treesRoundTripAndMerge() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/x/y"));
        Files.writeString(src.resolve("f.txt"), "one");
        LocalRemote r = new LocalRemote("here");
        r.uploadTree(tmp.resolve("src"), tmp.resolve("remote").toString(), T);
        Files.writeString(tmp.resolve("remote/extra.txt"), "two");
        Files.createDirectories(tmp.resolve("back"));
        Files.writeString(tmp.resolve("back/kept.txt"), "kept");
        r.downloadTree(tmp.resolve("remote").toString(), tmp.resolve("back"), T);
        assertEquals("one", Files.readString(tmp.resolve("back/x/y/f.txt")));
        assertEquals("two", Files.readString(tmp.resolve("back/extra.txt")));
        assertEquals("kept", Files.readString(tmp.resolve("back/kept.txt")));
        RemoteException e = assertThrows(
                RemoteException.class,
                () -> r.uploadTree(tmp.resolve("no-such-dir"), tmp.resolve("r2").toString(), T));
        assertTrue(e.getMessage().contains("local tar") && e.getMessage().contains("no-such-dir"), e.getMessage());
    }
}
