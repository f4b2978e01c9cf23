package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a run's configuration is labelled in every table and plot. */
class RunInputsTest {
    static String label(String spark) throws Exception {
        JsonNode run = Json.MAPPER.readTree(
                "{\"parameters\": {\"cluster\": {\"kafka\": 2, \"spark\": 3}, \"spark\": " + spark + "}}");
        return new RunInputs(null, run, List.of(), List.of(), null).configuration();
    }

    @Test
    void theProcessingModeAndANonSeedTriggerMakeConfigurationsOfTheirOwn() throws Exception {
        assertEquals("2x3", label("{\"processing\": \"microbatch\", \"trigger\": 1}"));
        assertEquals("2x3", label("{\"trigger\": 1.0}"), "runs made before the processing mode existed");
        assertEquals("2x3 trigger 0s", label("{\"processing\": \"microbatch\", \"trigger\": 0}"));
        assertEquals("2x3 trigger 0.5s", label("{\"processing\": \"microbatch\", \"trigger\": 0.500}"));
        assertEquals(
                "2x3 real-time", label("{\"processing\": \"realtime\", \"trigger\": 1, \"checkpointInterval\": 10}"));
        assertEquals("2x3 real-time", label("{\"processing\": \"realtime\", \"sink\": \"parquet\", \"trigger\": 1}"));
        assertEquals(
                "2x3 real-time to Kafka", label("{\"processing\": \"realtime\", \"sink\": \"kafka\", \"trigger\": 1}"));
        assertEquals("2x3 to Kafka", label("{\"processing\": \"microbatch\", \"sink\": \"kafka\", \"trigger\": 1}"));
    }
}
