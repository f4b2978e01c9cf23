package io.streamscale.jobs.flink;

import io.streamscale.jobs.model.Factors;
import io.streamscale.jobs.node.NodeName;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The prediction and the row's last timestamp: ProcessedTimestamp is taken after the prediction, as the row goes to
 * the file sink's writer (chained into this task), as in the Spark scorer. The factors travel in the job graph, as
 * Spark's broadcast mode ships them to its executors.
 */
final class Score implements MapFunction<Arrival, ScoredRow> {
    private static final long serialVersionUID = 1L;
    private final Factors factors;
    /** The TaskManager's node: read once per JVM, the map runs per row. */
    private static final String NODE = NodeName.here();

    Score(Factors factors) {
        this.factors = factors;
    }

    @Override
    public ScoredRow map(Arrival a) {
        double prediction = factors.predict(a.userId(), a.movieId());
        long processed = Micros.now();
        return new ScoredRow(
                a.userId(),
                a.movieId(),
                a.timestampMicros(),
                a.kafkaMicros(),
                a.readMicros(),
                prediction,
                (processed - a.timestampMicros()) / 1e6,
                (processed - a.readMicros()) / 1e6,
                processed,
                a.generatorId(),
                a.seq(),
                a.partition(),
                a.offset(),
                NODE);
    }
}
