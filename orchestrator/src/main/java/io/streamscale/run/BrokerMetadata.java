package io.streamscale.run;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * What one broker's own metadata cache says about a topic. The AdminClient sends a describe to whichever broker it
 * likes, whatever the bootstrap list, so it cannot tell whether a given broker has caught up with a new topic; this
 * sends one Metadata request to that broker over a socket of its own.
 */
final class BrokerMetadata {
    /** Version 9 is the first flexible one; every broker from Kafka 2.4 answers it. */
    private static final short VERSION = 9;

    private BrokerMetadata() {
    }

    /** The topic's metadata as {@code broker} ("host:port") holds it. */
    static MetadataResponse.TopicMetadata topic(String broker, String topic, Duration timeout) throws IOException {
        int colon = broker.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(broker.substring(0, colon), Integer.parseInt(broker.substring(colon + 1)));
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, VERSION, "streamscale-topic-probe", 1);
        ByteBuffer request = new MetadataRequest.Builder(List.of(topic), false).build(VERSION).serializeWithHeader(header);
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.remaining());
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            MetadataResponse parsed = (MetadataResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
            return parsed.topicMetadata().stream().filter(t -> topic.equals(t.topic())).findFirst()
                    .orElseThrow(() -> new IOException(broker + " answered without topic " + topic));
        }
    }
}
