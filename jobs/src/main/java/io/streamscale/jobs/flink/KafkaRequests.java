package io.streamscale.jobs.flink;

import io.streamscale.jobs.generator.MessageFormat;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka records → {@link Arrival}s, stamped with the moment the source task reads them. A message that is not a request
 * is dropped (Spark's {@code from_json} gives a row of nulls there, which no accounting matches either).
 */
final class KafkaRequests implements KafkaRecordDeserializationSchema<Arrival> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Arrival> out) throws IOException {
        long read = Micros.now();
        MessageFormat.Request r = MessageFormat.decode(record.value());
        if (r != null) {
            out.collect(new Arrival(
                    r.userId(),
                    r.movieId(),
                    r.timestampMicros(),
                    r.generatorId(),
                    r.seq(),
                    record.timestamp() * 1000L,
                    record.partition(),
                    record.offset(),
                    read));
        }
    }

    @Override
    public TypeInformation<Arrival> getProducedType() {
        return TypeInformation.of(Arrival.class);
    }
}
