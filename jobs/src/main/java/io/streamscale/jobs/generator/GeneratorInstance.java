package io.streamscale.jobs.generator;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.Callback;

/**
 * One logical generator: its own id, its own even schedule (seq i is due at {@code schedule.dueNanos(i)}), its own
 * random ids, intended-time stamps, behind-schedule statistics and accounting. It owns no thread and no producer: a
 * {@link Pacer} sends its messages when due, through an {@link Outbox}: a producer it shares with others (as Kafka clients are meant to
 * be used: one producer batches for many senders).
 */
final class GeneratorInstance {
    private final int generatorId;
    private final String node;
    private final Outbox outbox;
    private final Schedule schedule;
    private final long startEpochMicros;
    private final long planned;
    private final IdPool users;
    private final IdPool movies;
    private final SplittableRandom rnd;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Histogram behind = new Histogram(3_600_000_000L, 3);
    private final Callback onAck;
    private long sent;
    private long lastSendNanos;

    /** @param startEpochMicros the wall-clock time of {@code schedule.startNanos()} (its first message's intended time) */
    GeneratorInstance(int generatorId, String node, Outbox outbox, Schedule schedule,
                      long startEpochMicros, long planned, IdPool users, IdPool movies) {
        this.generatorId = generatorId;
        this.node = node;
        this.outbox = outbox;
        this.schedule = schedule;
        this.startEpochMicros = startEpochMicros;
        this.planned = planned;
        this.users = users;
        this.movies = movies;
        this.rnd = new SplittableRandom(0x5EEDL * 31 + generatorId);
        this.lastSendNanos = schedule.startNanos();
        this.onAck = (md, e) -> {
            if (e == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        };
    }

    long planned() {
        return planned;
    }

    /** When its first message is due (orders instances). */
    long dueFirst() {
        return schedule.startNanos();
    }

    long dueNanos(long seq) {
        return schedule.dueNanos(seq);
    }

    /** Sends message {@code seq}, due at {@code dueNanos(seq)}, at {@code nowNanos}; called by one pacer thread only. */
    void send(long seq, long nowNanos) {
        long due = schedule.dueNanos(seq);
        behind.recordValue(Math.min(behind.getHighestTrackableValue(), Math.max(0, nowNanos - due) / 1000));
        long intended = startEpochMicros + schedule.offsetNanos(seq) / 1000;
        byte[] value = MessageFormat.encode(users.draw(rnd), movies.draw(rnd), intended, generatorId, seq);
        outbox.send(value, onAck);
        sent++;
        lastSendNanos = nowNanos;
    }

    /** What it did; call after its producer was flushed (every send acknowledged or failed). */
    GeneratorSummary summary() {
        long end = System.currentTimeMillis() * 1000;
        double seconds = (lastSendNanos - schedule.startNanos()) / 1e9;
        return new GeneratorSummary(generatorId, node, schedule.ratePerSecond(), planned, sent, acked.get(), failed.get(),
                firstError.get(), startEpochMicros, end, sent <= 1 || seconds <= 0 ? sent : (sent - 1) / seconds,
                behind.getValueAtPercentile(50), behind.getValueAtPercentile(99), behind.getMaxValue());
    }
}
