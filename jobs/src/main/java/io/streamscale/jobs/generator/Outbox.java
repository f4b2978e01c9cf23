package io.streamscale.jobs.generator;

import org.apache.kafka.clients.producer.Callback;

/** Where a generator instance's messages go: in a run, a Kafka producer shared with other instances, to the topic. */
@FunctionalInterface
interface Outbox {
    /** Sends without waiting; {@code onAck} learns whether the message was acknowledged. */
    void send(byte[] value, Callback onAck);
}
