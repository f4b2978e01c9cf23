package io.streamscale.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import io.streamscale.results.RunDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drained = for every partition of the topic, the offset the scorer's last committed micro-batch (or real-time epoch)
 * ended at (from its latest StreamingQueryProgress) has reached the partition's end offset in Kafka. Then everything that
 * was acked has been written to Parquet. In real-time mode that is known when the epoch ends: the drain waits up to one
 * {@code spark.checkpointInterval}.
 */
public final class DrainWatcher {
    private static final Logger log = LoggerFactory.getLogger(DrainWatcher.class);

    private DrainWatcher() {}

    /**
     * Waits until the scorer has scored (with the Kafka sink: delivered) everything the load put in the topic, the run's
     * loop beating meanwhile; fails when it has not within the run's drain timeout.
     *
     * @return how long the drain took, in seconds after the load ended
     */
    static double awaitDrained(
            RunLoop loop,
            RunSpec spec,
            Remote driverNode,
            RunDirectory.JobPaths paths,
            KafkaAccess brokers,
            Runnable tick,
            BooleanSupplier cancelled) {
        long start = System.nanoTime();
        String topic = PipelineRun.TOPIC;
        ProbeResult drained = loop.run(
                "drain",
                spec.load().drainTimeout(),
                () -> spec.spark().kafkaSink()
                        ? checkDelivered(
                                driverNode,
                                paths.progress(),
                                brokers,
                                topic,
                                PipelineRun.OUTPUT_TOPIC,
                                PipelineRun.DELIVERY_GROUP)
                        : check(driverNode, paths.progress(), brokers, topic),
                cancelled,
                tick,
                Duration.ofSeconds(10),
                () -> log.info("drain: {} s so far", (System.nanoTime() - start) / 1_000_000_000));
        if (!drained.ready()) {
            throw new IllegalStateException("the scorer did not drain the topic within "
                    + spec.load().drainTimeout().toSeconds() + " s: " + drained.detail());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        log.info(
                "scorer: {} ({} s after the load ended)",
                drained.detail(),
                String.format(Locale.ROOT, "%.1f", seconds));
        return seconds;
    }

    static ProbeResult check(Remote driverNode, String progressFile, KafkaAccess kafka, String topic) {
        Map<Integer, Long> end = TopicAdmin.endOffsets(kafka, topic);
        ExecResult last = driverNode.exec("tail -n 1 " + Shell.quote(progressFile), Duration.ofSeconds(30));
        if (!last.ok() || last.stdout().isBlank()) {
            return ProbeResult.notReady("no progress yet");
        }
        Map<Integer, Long> processed = processedOffsets(last.stdout(), topic);
        long behind = 0;
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            behind += Math.max(0, e.getValue() - processed.getOrDefault(e.getKey(), 0L));
        }
        return behind == 0
                ? ProbeResult.ready("drained: " + processed)
                : ProbeResult.notReady(
                        behind + " messages not yet scored (end offsets " + end + ", scored up to " + processed + ")");
    }

    /**
     * With the Kafka sink: the input drained ({@link #check}) and then the output topic too, every row of it in the
     * delivery reader's files (its group commits a file's offsets once the file is in place).
     */
    static ProbeResult checkDelivered(
            Remote driverNode, String progressFile, KafkaAccess kafka, String topic, String outputTopic, String group) {
        ProbeResult scored = check(driverNode, progressFile, kafka, topic);
        if (!scored.ready()) {
            return scored;
        }
        Map<Integer, Long> end = TopicAdmin.endOffsets(kafka, outputTopic);
        Map<Integer, Long> delivered = TopicAdmin.committedOffsets(kafka, group, outputTopic);
        long behind = 0;
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            behind += Math.max(0, e.getValue() - delivered.getOrDefault(e.getKey(), 0L));
        }
        return behind == 0
                ? ProbeResult.ready(scored.detail() + "; delivered: " + delivered)
                : ProbeResult.notReady(behind + " scored rows not yet delivered (output end offsets " + end
                        + ", delivered up to " + delivered + ")");
    }

    /** The per-partition end offsets of a progress line's Kafka source. */
    static Map<Integer, Long> processedOffsets(String progressJson, String topic) {
        try {
            JsonNode source = Json.MAPPER.readTree(progressJson).path("sources").path(0);
            JsonNode endOffset = source.path("endOffset");
            if (endOffset.isTextual()) {
                endOffset = Json.MAPPER.readTree(endOffset.asText());
            }
            Map<Integer, Long> out = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = endOffset.path(topic).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
            }
            return out;
        } catch (IOException e) {
            return Map.of();
        }
    }
}
