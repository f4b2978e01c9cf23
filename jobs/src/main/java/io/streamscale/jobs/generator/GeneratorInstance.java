package io.streamscale.jobs.generator;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * One logical generator: its own id, its share of the node's schedule (instance k of P sends the node's messages
 * k, k + P, k + 2P, ...: its seq i is the node's message i·P + k), its own
 * random ids, intended-time stamps, behind-schedule statistics and accounting. It owns no thread and no producer: a
 * {@link Pacer} sends its messages when due, through an {@link Outbox}: a producer it shares with others (as Kafka clients are meant to
 * be used: one producer batches for many senders). It records which seqs were acked, not only how many: a message whose
 * ack failed may still have reached Kafka, and a count of acks cannot tell it from an acked one that was lost.
 */
final class GeneratorInstance {
    private final int generatorId;
    private final String node;
    private final Outbox outbox;
    private final Schedule schedule;
    private final int index;
    private final int stride;
    private final long scheduleEpochMicros;
    private final long planned;
    private final IdPool users;
    private final IdPool movies;
    private final SplittableRandom rnd;
    private final AtomicLong acked = new AtomicLong();
    private final AckedSeqs ackedSeqs = new AckedSeqs();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Histogram behind = new Histogram(3_600_000_000L, 3);
    private long sent;
    private long lastSendNanos;

    /**
     * @param schedule            the node's schedule, shared by its instances
     * @param index               k: this instance's place among the node's {@code stride} instances
     * @param scheduleEpochMicros the wall-clock time of {@code schedule.startNanos()}
     */
    GeneratorInstance(
            int generatorId,
            String node,
            Outbox outbox,
            Schedule schedule,
            int index,
            int stride,
            long scheduleEpochMicros,
            long planned,
            IdPool users,
            IdPool movies) {
        this.generatorId = generatorId;
        this.node = node;
        this.outbox = outbox;
        this.schedule = schedule;
        this.index = index;
        this.stride = stride;
        this.scheduleEpochMicros = scheduleEpochMicros;
        this.planned = planned;
        this.users = users;
        this.movies = movies;
        this.rnd = new SplittableRandom(0x5EEDL * 31 + generatorId);
        this.lastSendNanos = dueNanos(0);
    }

    /** A send's outcome; called on the producer's I/O thread. */
    private void onAck(long seq, Exception e) {
        if (e == null) {
            acked.incrementAndGet();
            ackedSeqs.add(seq);
        } else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    long planned() {
        return planned;
    }

    /** When its first message is due (orders instances). */
    long dueFirst() {
        return dueNanos(0);
    }

    long dueNanos(long seq) {
        return schedule.dueNanos(seq * stride + index);
    }

    /** Sends message {@code seq}, due at {@code dueNanos(seq)}, at {@code nowNanos}; called by one pacer thread only. */
    void send(long seq, long nowNanos) {
        long due = dueNanos(seq);
        behind.recordValue(Math.min(behind.getHighestTrackableValue(), Math.max(0, nowNanos - due) / 1000));
        long intended = scheduleEpochMicros + schedule.offsetNanos(seq * stride + index) / 1000;
        byte[] value = MessageFormat.encode(users.draw(rnd), movies.draw(rnd), intended, generatorId, seq);
        outbox.send(value, (md, e) -> onAck(seq, e));
        sent++;
        lastSendNanos = nowNanos;
    }

    /** What it did; call after its producer was flushed (every send acknowledged or failed). */
    GeneratorSummary summary() {
        long end = System.currentTimeMillis() * 1000;
        double seconds = (lastSendNanos - dueFirst()) / 1e9;
        return new GeneratorSummary(
                generatorId,
                node,
                schedule.ratePerSecond() / stride,
                planned,
                sent,
                acked.get(),
                failed.get(),
                firstError.get(),
                scheduleEpochMicros + schedule.offsetNanos(index) / 1000,
                end,
                sent <= 1 || seconds <= 0 ? sent : (sent - 1) / seconds,
                behind.getValueAtPercentile(50),
                behind.getValueAtPercentile(99),
                behind.getMaxValue(),
                new GeneratorSummary.Share(
                        scheduleEpochMicros,
                        schedule.ratePerSecond(),
                        schedule.rampNanos() / 1000,
                        schedule.rampSteps(),
                        index,
                        stride),
                ackedSeqs.ranges());
    }
}
