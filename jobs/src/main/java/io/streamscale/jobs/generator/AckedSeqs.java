package io.streamscale.jobs.generator;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which seqs of one instance were acked: a bit per message (an 8th of a byte per message sent). Acks arrive on the
 * producer's I/O thread while the summary is read on another, so every access is synchronized (uncontended: one I/O
 * thread per producer). Seqs beyond a BitSet's int range are not recorded and {@link #ranges()} says so with null, so
 * the analysis falls back to counts rather than report a wrong set.
 */
final class AckedSeqs {
    private final BitSet acked = new BitSet();
    private boolean overflow;

    synchronized void add(long seq) {
        if (seq < 0 || seq >= Integer.MAX_VALUE) {
            overflow = true;
        } else {
            acked.set((int) seq);
        }
    }

    /** The acked seqs as ranges of consecutive ones, in order; null when some could not be recorded. */
    synchronized List<SeqRange> ranges() {
        if (overflow) {
            return null;
        }
        List<SeqRange> out = new ArrayList<>();
        for (int from = acked.nextSetBit(0); from >= 0; ) {
            int end = acked.nextClearBit(from); // exclusive
            out.add(new SeqRange(from, end - 1L));
            from = end < Integer.MAX_VALUE ? acked.nextSetBit(end) : -1;
        }
        return out;
    }
}
