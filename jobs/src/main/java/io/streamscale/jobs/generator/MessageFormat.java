package io.streamscale.jobs.generator;

import java.nio.charset.StandardCharsets;

/**
 * The request message: {@code {"userId":U,"movieId":M,"timestamp":T,"generatorId":G,"seq":S}}.
 * {@code timestamp} is the message's INTENDED send time on the even schedule, in microseconds since the Unix epoch
 * (UTC), so latency is measured from when the request was due, not from when a late sender got round to it.
 * <p>
 * Spark's scorer reads it with {@code from_json} (its JSON reader, vectorised in the plan); other engines with
 * {@link #decode}, which a test holds to the same values.
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

    /** A decoded request. */
    public record Request(int userId, int movieId, long timestampMicros, int generatorId, long seq)
            implements java.io.Serializable {}

    /**
     * Reads what {@link #encode} wrote (keys in any order, whitespace allowed).
     *
     * @return null when the message is not a request (a key missing, a value not an integer)
     */
    public static Request decode(byte[] message) {
        long user = Long.MIN_VALUE,
                movie = Long.MIN_VALUE,
                ts = Long.MIN_VALUE,
                gen = Long.MIN_VALUE,
                seq = Long.MIN_VALUE;
        int i = 0;
        int n = message.length;
        while (i < n) {
            if (message[i] != '"') {
                i++;
                continue;
            }
            int keyStart = ++i;
            while (i < n && message[i] != '"') {
                i++;
            }
            String key = new String(message, keyStart, i - keyStart, StandardCharsets.US_ASCII);
            i++;
            while (i < n && (message[i] == ':' || message[i] == ' ')) {
                i++;
            }
            boolean negative = i < n && message[i] == '-';
            if (negative) {
                i++;
            }
            int digits = i;
            long v = 0;
            while (i < n && message[i] >= '0' && message[i] <= '9') {
                v = v * 10 + (message[i++] - '0');
            }
            if (i == digits) {
                return null;
            }
            v = negative ? -v : v;
            switch (key) {
                case "userId" -> user = v;
                case "movieId" -> movie = v;
                case "timestamp" -> ts = v;
                case "generatorId" -> gen = v;
                case "seq" -> seq = v;
                default -> {}
            }
        }
        if (user == Long.MIN_VALUE
                || movie == Long.MIN_VALUE
                || ts == Long.MIN_VALUE
                || gen == Long.MIN_VALUE
                || seq == Long.MIN_VALUE) {
            return null;
        }
        return new Request((int) user, (int) movie, ts, (int) gen, seq);
    }
}
