package io.streamscale.jobs.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which seqs were acked, as ranges: known answers for patterns of acks with gaps, acked in any order on other threads. */
class AckedSeqsTest {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @Test
    void acksWithGapsBecomeRangesOfConsecutiveSeqs() throws Exception {
        AckedSeqs a = new AckedSeqs();
        List<Long> seqs = new ArrayList<>();
        for (long s = 0; s < 100; s++) {
            if (s != 10 && s != 11 && s != 50 && s != 99) {
                seqs.add(s);
            }
        }
        Collections.shuffle(seqs, new Random(7));
        ExecutorService io = Executors.newFixedThreadPool(4); // acks in no order, from several threads at once
        for (long s : seqs) {
            io.execute(() -> a.add(s));
        }
        io.shutdown();
        io.awaitTermination(10, TimeUnit.SECONDS);
        assertEquals(List.of(new SeqRange(0, 9), new SeqRange(12, 49), new SeqRange(51, 98)), a.ranges());
        assertEquals(96, a.ranges().stream().mapToLong(SeqRange::size).sum());
    }

    @Test
    void noAckIsNoRangeAndASeqBeyondTheBitSetIsNoAnswer() {
        AckedSeqs a = new AckedSeqs();
        assertEquals(List.of(), a.ranges());
        a.add(0);
        assertEquals(List.of(new SeqRange(0, 0)), a.ranges());
        a.add(Integer.MAX_VALUE);
        assertNull(a.ranges(), "a set it could not record in full: the analysis falls back to counts");
    }

    @Test
    void anInstancesSummaryNamesTheSeqsWhoseSendWasAcked() throws Exception {
        // one instance of one at 1000 msg/s; the outbox fails seqs 0, 5 and 6 and acks the rest on an I/O thread of its
        // own
        ExecutorService io = Executors.newSingleThreadExecutor();
        Outbox outbox = (value, onAck) -> io.execute(() -> {
            Matcher m = SEQ.matcher(new String(value, StandardCharsets.US_ASCII));
            m.find();
            long seq = Long.parseLong(m.group(1));
            onAck.onCompletion(null, seq == 0 || seq == 5 || seq == 6 ? new TimeoutException("expired") : null);
        });
        IdPool ids = IdPool.uniform(new int[] {1, 2, 3});
        GeneratorInstance g = new GeneratorInstance(
                3, "n1", outbox, new Schedule(System.nanoTime(), 1000), 0, 1, 1_700_000_000_000_000L, 10, ids, ids);
        for (long seq = 0; seq < 10; seq++) {
            g.send(seq, g.dueNanos(seq));
        }
        io.shutdown();
        assertTrue(io.awaitTermination(10, TimeUnit.SECONDS));
        GeneratorSummary s = g.summary();
        assertEquals(7, s.acked());
        assertEquals(3, s.failed());
        assertEquals(List.of(new SeqRange(1, 4), new SeqRange(7, 9)), s.ackedRanges());
    }
}
