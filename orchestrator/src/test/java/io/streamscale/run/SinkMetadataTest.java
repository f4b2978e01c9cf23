package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkMetadataTest {
    @TempDir
    Path tmp;

    @Test
    void theBatchListsPointAtTheFetchedCopy() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("run/output/_spark_metadata"));
        Files.writeString(
                out.resolve("0"),
                "v1\n{\"path\":\"file:///scratch/r1/job/output/part-00000-a.parquet\",\"size\":10}\n");
        Files.writeString(
                out.resolve("1.compact"),
                "v1\n{\"path\":\"file:/scratch/r1/job/output/part-00001-b.parquet\"}\n"
                        + "{\"path\":\"file:///scratch/r1/job/output-other/x.parquet\"}\n");
        Files.writeString(out.resolve(".0.crc"), "binary");
        assertEquals(2, SinkMetadata.relocate(tmp.resolve("run/output"), "/scratch/r1/job/output"));
        String local = tmp.resolve("run/output").toString();
        assertEquals(
                "v1\n{\"path\":\"file://" + local + "/part-00000-a.parquet\",\"size\":10}\n",
                Files.readString(out.resolve("0")));
        assertEquals(
                "v1\n{\"path\":\"file:" + local
                        + "/part-00001-b.parquet\"}\n{\"path\":\"file:///scratch/r1/job/output-other/x.parquet\"}\n",
                Files.readString(out.resolve("1.compact")));
        assertEquals(false, Files.exists(out.resolve(".0.crc")), "a stale checksum would fail Hadoop's read");
        assertEquals(0, SinkMetadata.relocate(tmp.resolve("none"), "/x"));
    }
}
