package io.streamscale.jobs.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Flink scorer's progress lines: Spark's shape where the orchestrator reads them, written once the job runs. */
class FlinkProgressTest {
    @TempDir
    Path tmp;

    @Test
    void linesStartWhenTheJobRunsAndCarryTheOffsetsScoredPerPartition() throws Exception {
        Path file = tmp.resolve("progress.jsonl");
        FlinkProgress p = new FlinkProgress(file, "requests");
        p.append(JobStatus.CREATED, Map.of());
        assertFalse(Files.exists(file), "not ready before the job runs");
        p.append(JobStatus.RUNNING, Map.of(0, 100L, 1, 50L));
        p.append(JobStatus.RESTARTING, Map.of(0, 300L, 1, 50L));
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        JsonNode last = new ObjectMapper().readTree(lines.get(1));
        assertEquals("flink", last.path("engine").asText());
        assertEquals("RESTARTING", last.path("jobStatus").asText());
        assertEquals(1, last.path("batchId").asInt());
        assertEquals(200, last.path("numInputRows").asLong(), "rows scored since the last line");
        JsonNode end = last.path("sources").path(0).path("endOffset").path("requests");
        assertEquals(300, end.path("0").asLong());
        assertEquals(50, end.path("1").asLong());
    }
}
