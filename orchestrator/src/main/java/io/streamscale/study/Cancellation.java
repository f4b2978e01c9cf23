package io.streamscale.study;

import io.streamscale.run.Analyst;
import io.streamscale.run.PipelineRun;
import java.util.function.Supplier;

/**
 * A study's one cancellation: Ctrl-C, SIGTERM or the walltime stop the run under way (it tears down and keeps what it
 * measured), close a node's analysis so the reservation can go back at once, and start nothing more.
 */
final class Cancellation {
    private volatile boolean cancelled;
    private volatile String reason = "interrupted (Ctrl-C or SIGTERM)";
    private volatile PipelineRun current;
    private volatile Analyst analysing;

    boolean cancelled() {
        return cancelled;
    }

    synchronized void cancel(String why) {
        reason = why;
        cancelled = true;
        PipelineRun r = current;
        if (r != null) {
            r.cancel(why);
        }
        Analyst a = analysing;
        if (a != null) {
            a.close(); // a node's analysis ends with its connection
        }
    }

    /** The run under way (null: none); one that starts after a cancellation is cancelled at once. */
    synchronized void running(PipelineRun run) {
        current = run;
        if (run != null && cancelled) {
            run.cancel(reason);
        }
    }

    /**
     * Does {@code work} with {@code analyst}, which a cancellation closes; a failure after a cancellation (the closed
     * connection) gives {@code cutShort} instead.
     */
    <T> T whileAnalysing(Analyst analyst, Supplier<T> work, Supplier<T> cutShort) {
        analysing = analyst;
        try {
            if (cancelled) {
                return cutShort.get();
            }
            return work.get();
        } catch (RuntimeException e) {
            if (!cancelled) {
                throw e;
            }
            return cutShort.get();
        } finally {
            analysing = null;
        }
    }
}
