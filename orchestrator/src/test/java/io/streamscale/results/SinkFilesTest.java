package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkFilesTest {
    @TempDir
    Path tmp;

    @Test
    void onlyTheFilesTheSinksLogCommittedAreReadFoundByName() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("output"));
        for (String f :
                List.of("part-a.parquet", "part-b.parquet", "part-c.parquet", "part-d.parquet", "part-old.parquet")) {
            Files.writeString(out.resolve(f), "x");
        }
        Path log = Files.createDirectories(out.resolve("_spark_metadata"));
        // written on a node: absolute paths elsewhere; batch 0 and 1 compacted into 1.compact, which drops part-old
        Files.writeString(log.resolve("0"), "v1\n" + entry("/node/scratch/output/part-old.parquet", "add"));
        Files.writeString(
                log.resolve("1.compact"),
                "v1\n" + entry("/node/scratch/output/part-a.parquet", "add") + "\n"
                        + entry("/node/scratch/output/part-b.parquet", "add"));
        Files.writeString(
                log.resolve("2"),
                "v1\n" + entry("/node/scratch/output/part-d.parquet", "add") + "\n"
                        + entry("/node/scratch/output/part-gone.parquet", "add"));
        Files.writeString(log.resolve("3"), "v1\n" + entry("/node/scratch/output/part-d.parquet", "delete"));
        Files.writeString(log.resolve(".3.crc"), "checksum");
        SinkFiles files = SinkFiles.of(out);
        assertEquals(
                List.of(out.resolve("part-a.parquet"), out.resolve("part-b.parquet")),
                files.files(),
                "part-c was never committed (its batch failed), part-old is before the compaction, part-d deleted");
        assertEquals(List.of("part-gone.parquet"), files.missing());
    }

    @Test
    void withoutALogEveryParquetFileIsRead() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("output/sub"));
        Files.writeString(out.resolve("x.parquet"), "x");
        Files.writeString(out.resolve("x.txt"), "x");
        assertEquals(
                List.of(out.resolve("x.parquet")),
                SinkFiles.of(tmp.resolve("output")).files());
        assertEquals(List.of(), SinkFiles.of(tmp.resolve("none")).files());
    }

    private static String entry(String path, String action) {
        return "{\"path\":\"file://" + path
                + "\",\"size\":1,\"isDir\":false,\"modificationTime\":1,\"blockReplication\":1,"
                + "\"blockSize\":33554432,\"action\":\"" + action + "\"}";
    }
}
