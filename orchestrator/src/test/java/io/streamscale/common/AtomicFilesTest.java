package io.streamscale.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFileIsReplacedWholeAndNothingIsLeftBeside() throws Exception {
        Path f = tmp.resolve("run.json");
        AtomicFiles.writeJson(f, Map.of("status", "running"));
        AtomicFiles.writeJson(f, Map.of("status", "complete"));
        assertEquals("{\"status\":\"complete\"}", Files.readString(f).replaceAll("\\s", ""));
        assertEquals(List.of("run.json"), names());
    }

    @Test
    void aWriteThatFailsLeavesTheOldContentAndNoTemporaryFile() throws Exception {
        Path f = tmp.resolve("index.csv");
        AtomicFiles.writeString(f, "old\n");
        Path blocked = Files.createDirectories(tmp.resolve("report.json"));
        Files.writeString(blocked.resolve("inside"), "x"); // a non-empty directory cannot be replaced
        assertThrows(IOException.class, () -> AtomicFiles.writeString(blocked, "new"));
        assertEquals("old\n", Files.readString(f));
        assertEquals(List.of("index.csv", "report.json"), names());
    }
}
