package io.streamscale.results;

/**
 * One window of generator time (the message's intended send time), aligned to the load's start.
 *
 * @param t          seconds from the load's start to the window's start
 * @param rows       scored rows generated in the window (input)
 * @param outputRows scored rows written by Spark in the same interval of time (by ProcessedTimestamp)
 * @param ingest     Kafka ingest latency: timestampKafka − timestampGenerator
 * @param committed  committed latency: when the row became readable (its batch's or epoch's commit) − timestampGenerator
 * @param delivered  delivered latency (Kafka sink): when a consumer of the output topic received the row − timestampGenerator
 */
public record Window(
        long startMicros,
        double t,
        double seconds,
        long rows,
        long outputRows,
        LatencyStats event,
        LatencyStats processing,
        LatencyStats ingest,
        LatencyStats committed,
        LatencyStats delivered) {

    /** A window without committed or delivered latencies. */
    public Window(
            long startMicros,
            double t,
            double seconds,
            long rows,
            long outputRows,
            LatencyStats event,
            LatencyStats processing,
            LatencyStats ingest) {
        this(
                startMicros,
                t,
                seconds,
                rows,
                outputRows,
                event,
                processing,
                ingest,
                LatencyStats.EMPTY,
                LatencyStats.EMPTY);
    }

    public double inputPerSecond() {
        return rows / seconds;
    }

    public double outputPerSecond() {
        return outputRows / seconds;
    }

    public long endMicros() {
        return startMicros + Math.round(seconds * 1e6);
    }
}
