package io.streamscale.jobs.generator;

import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** One generator: its own producer, its own even schedule, its own id; sends {@code planned} messages then stops. */
final class GeneratorInstance implements Callable<GeneratorSummary> {
    private final int generatorId;
    private final String node;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Schedule schedule;
    private final long startEpochMicros;
    private final long planned;
    private final IdPool users;
    private final IdPool movies;
    private final BooleanSupplier stopRequested;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final Histogram behind = new Histogram(3_600_000_000L, 3);

    GeneratorInstance(int generatorId, String node, KafkaProducer<byte[], byte[]> producer, String topic, Schedule schedule,
                      long startEpochMicros, long planned, IdPool users, IdPool movies, BooleanSupplier stopRequested) {
        this.generatorId = generatorId;
        this.node = node;
        this.producer = producer;
        this.topic = topic;
        this.schedule = schedule;
        this.startEpochMicros = startEpochMicros;
        this.planned = planned;
        this.users = users;
        this.movies = movies;
        this.stopRequested = stopRequested;
    }

    @Override
    public GeneratorSummary call() {
        SplittableRandom rnd = new SplittableRandom(0x5EEDL * 31 + generatorId);
        Callback onAck = (md, e) -> {
            if (e == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        };
        long sent = 0;
        long lastSend = schedule.startNanos();
        try {
            for (long i = 0; i < planned; i++) {
                long due = schedule.dueNanos(i);
                long now = System.nanoTime();
                while (now < due) { // wait for the due time; park may return early
                    LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
                if ((i & 1023) == 0 && stopRequested.getAsBoolean()) {
                    break;
                }
                behind.recordValue(Math.min(behind.getHighestTrackableValue(), (now - due) / 1000));
                long intended = startEpochMicros + schedule.offsetNanos(i) / 1000;
                byte[] value = MessageFormat.encode(users.draw(rnd), movies.draw(rnd), intended, generatorId, i);
                producer.send(new ProducerRecord<>(topic, value), onAck);
                sent++;
                lastSend = now;
            }
        } finally {
            producer.flush();
            producer.close();
        }
        long end = System.currentTimeMillis() * 1000;
        double seconds = (lastSend - schedule.startNanos()) / 1e9;
        return new GeneratorSummary(generatorId, node, schedule.ratePerSecond(), planned, sent, acked.get(), failed.get(),
                firstError.get(), startEpochMicros, end, sent <= 1 || seconds <= 0 ? sent : (sent - 1) / seconds,
                behind.getValueAtPercentile(50), behind.getValueAtPercentile(99), behind.getMaxValue());
    }
}
