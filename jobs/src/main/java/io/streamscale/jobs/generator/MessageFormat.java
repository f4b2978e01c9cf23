package io.streamscale.jobs.generator;

import java.nio.charset.StandardCharsets;

/**
 * The request message: {@code {"userId":U,"movieId":M,"timestamp":T,"generatorId":G,"seq":S}}.
 * {@code timestamp} is the message's INTENDED send time on the even schedule, in microseconds since the Unix epoch
 * (UTC), so latency is measured from when the request was due, not from when a late sender got round to it.
 */
public final class MessageFormat {
    private MessageFormat() {}

    public static byte[] encode(int userId, int movieId, long timestampMicros, int generatorId, long seq) {
        StringBuilder b = new StringBuilder(96);
        b.append("{\"userId\":")
                .append(userId)
                .append(",\"movieId\":")
                .append(movieId)
                .append(",\"timestamp\":")
                .append(timestampMicros)
                .append(",\"generatorId\":")
                .append(generatorId)
                .append(",\"seq\":")
                .append(seq)
                .append('}');
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
