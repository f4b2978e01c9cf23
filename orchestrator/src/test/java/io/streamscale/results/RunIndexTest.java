package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunIndexTest {
    @TempDir
    Path results;

    @Test
    void aRunDirectoryThatCannotBeReadIsLeftOutOfTheIndexAndTheRestIsWritten() throws Exception {
        Path good = Files.createDirectories(results.resolve("scaling/k1s1/rep-1"));
        Files.writeString(
                good.resolve("run.json"),
                "{\"experiment\":\"scaling\",\"cell\":\"k1s1\",\"repetition\":1,\"status\":\"complete\"}");
        Files.writeString(good.resolve("summary.json"), "{\"sent\":100,\"lost\":0}");
        Path truncated = Files.createDirectories(results.resolve("scaling/k1s1/rep-2"));
        Files.writeString(
                truncated.resolve("run.json"),
                "{\"experiment\":\"scal"); // a crash mid-write, before writes were atomic
        RunIndex.write(results);
        List<String> index = Files.readAllLines(results.resolve("index.csv"));
        assertEquals(2, index.size(), index.toString());
        assertTrue(index.get(1).startsWith("scaling,k1s1,1,complete,100,"), index.get(1));
        assertTrue(index.get(1).endsWith(",scaling/k1s1/rep-1"), index.get(1));
    }
}
