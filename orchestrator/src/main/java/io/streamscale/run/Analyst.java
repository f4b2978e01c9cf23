package io.streamscale.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.results.RunDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Makes what a measured run's files say: its summary.json and a report. The analysis reads every scored row, so where
 * it runs matters: here in local mode and inside a batch job (this machine is then a node), on a reserved node when this
 * machine is a cluster's front-end, which must only orchestrate ({@link NodeAnalyst}).
 */
public interface Analyst extends AutoCloseable {
    /**
     * @param model        the model the run scored with, or null
     * @param drainSeconds how long the backlog took to score after the load, or null
     * @return summary.json's content (the caller writes it); a summary that could not be made says so in {@code summaryError}
     */
    ObjectNode summarize(RunDirectory dir, Path model, Double drainSeconds);

    /** Makes the default report of {@code target} and prints what {@code streamscale report} prints; failures are printed, not thrown. */
    void report(Path target, PrintWriter out);

    /** For log lines: "this machine" or the node's name. */
    String where();

    /** Gives back what reaches the node, if any. */
    @Override
    default void close() {}
}
