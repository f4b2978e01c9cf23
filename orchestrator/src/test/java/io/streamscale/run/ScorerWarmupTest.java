package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerWarmupTest {
    @TempDir
    Path logs;

    @Test
    void theDriversLineGivesMessagesAndSeconds() throws Exception {
        Files.writeString(logs.resolve("n1-kafka-0.log"), "scorer: warm-up of 1 messages through Kafka took 1 ms\n");
        assertNull(ScorerWarmup.fromLogs(logs), "only the scorer's log counts");
        Files.writeString(
                logs.resolve("n2-scorer.log"),
                "WARN something\nscorer: query warmup started, id 7\n"
                        + "scorer: warm-up of 20000 messages through Kafka took 11441 ms\nscorer: reading requests\n");
        assertEquals(new ScorerWarmup(20000, 11.441), ScorerWarmup.fromLogs(logs));
        assertNull(ScorerWarmup.fromLogs(logs.resolve("missing")));
    }
}
