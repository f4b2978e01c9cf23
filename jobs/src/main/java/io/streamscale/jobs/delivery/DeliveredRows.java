package io.streamscale.jobs.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamscale.jobs.scorer.OutputTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * One row of the output topic (the scorer's JSON: every output column by name, timestamps as epoch microseconds) as a
 * Parquet group of {@link OutputSchema#DELIVERED_TYPES}, with when it arrived and where.
 */
final class DeliveredRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessageType schema;
    private final String node;

    DeliveredRows(MessageType schema, String node) {
        this.schema = schema;
        this.node = node;
    }

    Group group(byte[] value, long deliveredMicros) {
        JsonNode row;
        try {
            row = JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "a row of the output topic is not JSON: " + new String(value, StandardCharsets.UTF_8), e);
        }
        Group g = new SimpleGroup(schema);
        StructField[] fields = OutputTypes.TYPES.fields();
        for (int i = 0; i < fields.length; i++) {
            JsonNode v = row.path(fields[i].name());
            if (v.isMissingNode() || v.isNull()) {
                continue;
            }
            DataType t = fields[i].dataType();
            if (t.equals(DataTypes.IntegerType)) {
                g.add(i, v.asInt());
            } else if (t.equals(DataTypes.LongType) || t.equals(DataTypes.TimestampType)) {
                g.add(i, v.asLong());
            } else if (t.equals(DataTypes.DoubleType)) {
                g.add(
                        i,
                        v.isNumber()
                                ? v.asDouble()
                                : Double.parseDouble(v.asText())); // "NaN": Spark writes it as a string
            } else {
                g.add(i, v.asText());
            }
        }
        g.add(fields.length, deliveredMicros);
        g.add(fields.length + 1, node);
        return g;
    }
}
