package io.streamscale.jobs.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The Flink scorer's progress lines, in the shape the orchestrator reads from Spark's StreamingQueryProgress: the
 * offsets the last completed checkpoint committed ({@code sources[0].endOffset}), rows committed since the last line
 * ({@code numInputRows}) and per second over the last ten ({@code inputRowsPerSecond}), plus the job's state. The first line is written once the job runs:
 * it tells the orchestrator the scorer is ready.
 */
final class FlinkProgress {
    private final Path file;
    private final String topic;
    private long lines;
    private long lastTotal = -1;
    /** (nanos, total) of the last lines: the rate is taken over up to {@link #RATE_WINDOW_NANOS}. */
    private final ArrayDeque<long[]> recent = new ArrayDeque<>();
    /**
     * Files are committed a checkpoint at a time: a one-second look sees one checkpoint's rows or two, so the rate is
     * taken over ten seconds.
     */
    private static final long RATE_WINDOW_NANOS = 10_000_000_000L;

    FlinkProgress(Path file, String topic) {
        this.file = file;
        this.topic = topic;
    }

    void append(JobStatus status, Map<Integer, Long> committed) {
        if (lines == 0 && status != JobStatus.RUNNING) {
            return;
        }
        long total = committed.values().stream().mapToLong(Long::longValue).sum();
        long now = System.nanoTime();
        long rows = lastTotal < 0 ? 0 : Math.max(0, total - lastTotal);
        lastTotal = total;
        recent.addLast(new long[] {now, total});
        while (recent.size() > 2 && now - recent.peekFirst()[0] > RATE_WINDOW_NANOS) {
            recent.removeFirst();
        }
        long[] first = recent.peekFirst();
        double rate = now > first[0] ? Math.max(0, total - first[1]) / ((now - first[0]) / 1e9) : 0;
        StringBuilder offsets = new StringBuilder();
        new TreeMap<>(committed)
                .forEach((p, o) -> offsets.append(offsets.isEmpty() ? "" : ",")
                        .append('"')
                        .append(p)
                        .append("\":")
                        .append(o));
        String line = String.format(
                java.util.Locale.ROOT,
                "{\"engine\":\"flink\",\"timestamp\":\"%s\",\"batchId\":%d,\"jobStatus\":\"%s\",\"numInputRows\":%d,"
                        + "\"inputRowsPerSecond\":%.1f,\"sources\":[{\"endOffset\":{\"%s\":{%s}}}]}%n",
                Instant.now(),
                lines++,
                status,
                rows,
                rate,
                topic,
                offsets);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** The group's committed offset per partition of {@code topic} (what the last completed checkpoint read up to). */
    static Map<Integer, Long> committedOffsets(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<Integer, Long> out = new HashMap<>();
        all.forEach((tp, o) -> {
            if (o != null && tp.topic().equals(topic)) {
                out.put(tp.partition(), o.offset());
            }
        });
        return out;
    }
}
