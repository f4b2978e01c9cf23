package io.streamscale.jobs.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitTimesTest {
    @TempDir
    Path tmp;

    @Test
    void eachBatchLogRenamedIntoPlaceIsStampedOnceWhenItAppears() throws Exception {
        Path dir = tmp.resolve("_spark_metadata");
        Path out = tmp.resolve("commits.jsonl");
        try (CommitTimes c = CommitTimes.watch(dir, out)) {
            long before = CommitTimes.micros(Instant.now());
            for (String name : List.of("0", "1", "2.compact")) { // as Spark writes them: a temporary file, renamed
                Path t = Files.writeString(dir.resolve("." + name + ".tmp"), "v1\n");
                Files.move(t, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.writeString(dir.resolve("not-a-batch"), "x");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((!Files.exists(out) || Files.readAllLines(out).size() < 3) && System.nanoTime() < deadline) {
                Thread.sleep(10); // polled: the watcher's thread appends; the deadline bounds the wait
            }
            List<String> lines = Files.readAllLines(out);
            assertEquals(3, lines.size(), lines.toString());
            for (int i = 0; i < 3; i++) {
                assertTrue(lines.get(i).startsWith("{\"batch\":" + i + ",\"committedMicros\":"), lines.get(i));
                long t = Long.parseLong(lines.get(i).replaceAll(".*\"committedMicros\":(\\d+)}", "$1"));
                assertTrue(t >= before, lines.get(i));
            }
            c.record("1", 5); // a batch seen again (a rewritten log) keeps its first time
            assertEquals(3, Files.readAllLines(out).size());
        }
    }

    /** Flink's file sink: a part file renamed from its hidden in-progress name is stamped by name, then handed on. */
    @Test
    void eachPartFileRenamedIntoPlaceIsStampedByNameAndHandedOn() throws Exception {
        Path dir = tmp.resolve("output");
        Path out = tmp.resolve("commits.jsonl");
        List<Path> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (CommitTimes c = CommitTimes.files(dir, out, handed::add)) {
            Files.createDirectories(dir);
            Path t = Files.writeString(dir.resolve(".part-ab-0.parquet.inprogress.1234"), "x");
            Files.move(t, dir.resolve("part-ab-0.parquet"), StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir.resolve(".part-ab-1.parquet.inprogress.5678"), "still being written");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (handed.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // polled: the watcher's thread appends; the deadline bounds the wait
            }
            assertEquals(List.of(dir.resolve("part-ab-0.parquet")), handed);
            List<String> lines = Files.readAllLines(out);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("{\"file\":\"part-ab-0.parquet\",\"committedMicros\":"), lines.get(0));
            assertEquals(false, c.record("part-ab-0.parquet", 5), "a file seen again keeps its first time");
        }
    }
}
