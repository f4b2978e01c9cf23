package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The live line says what Spark's rates are: the input, and a batch's speed while busy (not the throughput). */
class ProgressLineTest {
    @Test
    void aMicroBatchLineGivesTheInputTheBatchsSpeedAndItsLatency() {
        String p =
                "{\"batchId\":55,\"numInputRows\":5000,\"inputRowsPerSecond\":5060.2,\"processedRowsPerSecond\":25000.0,"
                        + "\"observedMetrics\":{\"latency\":{\"eventLatencyMean\":0.748,\"eventLatencyMax\":1.23}}}";
        assertEquals(
                "input 5060 msg/s, last batch scored at 25000 rows/s of its duration, event latency mean 0.75 s, max 1.23 s"
                        + " (batch 55)",
                ProgressLine.describe(p));
    }

    @Test
    void aRealTimeEpochAndNoProgressSaySo() {
        assertEquals(
                "input 5000 msg/s, latency per row in the output (real-time mode, epoch 3)",
                ProgressLine.describe("{\"batchId\":3,\"numInputRows\":50000,\"inputRowsPerSecond\":5000.0}"));
        assertEquals("no progress yet", ProgressLine.describe("{not json"));
    }

    @Test
    void aFlinkLineGivesTheJobsStateAndTheRateCheckpointsCommit() {
        assertEquals(
                "job RESTARTING, 4803 msg/s committed by checkpoints, latency per row in the output",
                ProgressLine.describe("{\"engine\":\"flink\",\"batchId\":38,\"jobStatus\":\"RESTARTING\","
                        + "\"numInputRows\":5128,\"inputRowsPerSecond\":4802.9,\"sources\":[{\"endOffset\":"
                        + "{\"requests\":{\"0\":125000}}}]}"));
    }
}
