package io.streamscale.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.jobs.scorer.OutputSchema;
import io.streamscale.jobs.scorer.OutputTypes;
import io.streamscale.jobs.scorer.ParquetRowFiles;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;

class DeliveredRowsTest {
    static final String ROW =
            "{\"userID\":7,\"movieID\":42,\"timestampGenerator\":1764662400000001,\"timestampKafka\":1764662400002000,"
                    + "\"timestampSpark\":1764662400300000,\"prediction\":\"NaN\",\"EventLatency\":0.5,\"ProcessingLatency\":0.2,"
                    + "\"ProcessedTimestamp\":1764662400500001,\"generatorId\":3,\"seq\":99,\"kafkaPartition\":1,\"kafkaOffset\":12345,"
                    + "\"scoredOn\":\"n2\"}";

    @Test
    void aScoredRowOfTheOutputTopicBecomesTheSameColumnsWithWhenAndWhereItArrived() {
        DeliveredRows rows = new DeliveredRows(ParquetRowFiles.parquetSchema(OutputTypes.DELIVERED_TYPES), "n4");
        Group g = rows.group(ROW.getBytes(StandardCharsets.UTF_8), 1764662400600002L);
        assertEquals(7, g.getInteger("userID", 0));
        assertEquals(1764662400000001L, g.getLong("timestampGenerator", 0), "microseconds, exactly");
        assertTrue(Double.isNaN(g.getDouble("prediction", 0)), "Spark writes NaN as a string");
        assertEquals(0.5, g.getDouble("EventLatency", 0));
        assertEquals(99L, g.getLong("seq", 0));
        assertEquals(12345L, g.getLong("kafkaOffset", 0));
        assertEquals("n2", g.getString("scoredOn", 0));
        assertEquals(1764662400600002L, g.getLong("deliveredTimestamp", 0));
        assertEquals("n4", g.getString("deliveredOn", 0));
        assertEquals(
                OutputSchema.all().size() + OutputSchema.DELIVERY.size(), OutputTypes.DELIVERED_TYPES.fields().length);
    }

    @Test
    void aMessageThatIsNotJsonIsNamed() {
        DeliveredRows rows = new DeliveredRows(ParquetRowFiles.parquetSchema(OutputTypes.DELIVERED_TYPES), "n4");
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class, () -> rows.group("garbage".getBytes(StandardCharsets.UTF_8), 1));
        assertTrue(e.getMessage().contains("garbage"), e.getMessage());
    }
}
