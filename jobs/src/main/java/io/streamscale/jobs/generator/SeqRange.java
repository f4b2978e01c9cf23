package io.streamscale.jobs.generator;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * The consecutive seqs {@code from..to} (both included) of one generator instance. Written as {@code [from, to]}: a run
 * without failures has one range per instance, so the summary says which messages were acked in a few numbers.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record SeqRange(long from, long to) {
    public long size() {
        return to - from + 1;
    }
}
