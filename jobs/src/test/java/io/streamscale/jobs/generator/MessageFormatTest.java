package io.streamscale.jobs.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageFormatTest {
    @Test
    void isJsonWithTheFiveFieldsAndMicrosecondTimestamp() throws Exception {
        byte[] m = MessageFormat.encode(17, 2571, 1_763_776_800_123_456L, 31, 9_999_999_999L);
        assertEquals(
                "{\"userId\":17,\"movieId\":2571,\"timestamp\":1763776800123456,\"generatorId\":31,\"seq\":9999999999}",
                new String(m, StandardCharsets.US_ASCII));
        JsonNode j = new ObjectMapper().readTree(m);
        assertEquals(
                List.of("userId", "movieId", "timestamp", "generatorId", "seq"), List.copyOf(iter(j.fieldNames())));
        assertEquals(1_763_776_800_123_456L, j.get("timestamp").asLong());
    }

    private static List<String> iter(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
