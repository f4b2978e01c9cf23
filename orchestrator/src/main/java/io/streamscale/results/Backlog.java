package io.streamscale.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Messages offered but not yet processed, over time. From progress.jsonl: at the end of each micro-batch, the messages
 * the generators had sent by then (their even schedules) less the Kafka offsets Spark had processed (the batch's end
 * offsets summed over partitions). Without progress: the scored rows' cumulative input (by generator time) less their
 * cumulative output (by processed time) at each window's end.
 */
public final class Backlog {
    private Backlog() {}

    /** @param atMicros when; {@code offered} and {@code processed} are cumulative message counts at that time */
    public record Point(long atMicros, long offered, long processed) {
        public long backlog() {
            return offered - processed;
        }
    }

    public record Series(String source, List<Point> points) {
        public List<Point> between(long fromMicros, long toMicros) {
            return points.stream()
                    .filter(p -> p.atMicros() >= fromMicros && p.atMicros() <= toMicros)
                    .toList();
        }

        /**
         * The points in [from, to]; when fewer than three batch ends fall inside (far above capacity a micro-batch
         * takes tens of seconds while the backlog grows by millions), the scored rows' own series instead: at each
         * window's end, what the generators had sent less the rows processed by then.
         */
        public List<Point> steady(long fromMicros, long toMicros, List<GeneratorFigures> gens, List<Window> windows) {
            List<Point> inside = between(fromMicros, toMicros);
            if (inside.size() >= 3 || gens.isEmpty()) {
                return inside;
            }
            return fromRows(gens, windows).stream()
                    .filter(p -> p.atMicros() >= fromMicros && p.atMicros() <= toMicros)
                    .toList();
        }
    }

    public static Series of(RunInputs in, List<Window> windows) {
        List<Point> fromProgress = fromProgress(in.progress(), in.generators());
        if (!fromProgress.isEmpty()) {
            return new Series(
                    "progress.jsonl: messages sent by the generators less Kafka offsets processed by Spark",
                    fromProgress);
        }
        return new Series(
                "scored rows: cumulative input (generator time) less cumulative output (processed time)",
                fromWindows(windows));
    }

    static List<Point> fromProgress(List<JsonNode> progress, List<GeneratorFigures> gens) {
        List<Point> out = new ArrayList<>();
        if (gens.isEmpty()) {
            return out;
        }
        for (JsonNode p : progress) {
            JsonNode sources = p.path("sources");
            if (!sources.isArray() || sources.isEmpty() || !p.hasNonNull("timestamp")) {
                continue;
            }
            long processed = 0;
            boolean any = false;
            for (JsonNode s : sources) {
                for (JsonNode topic : s.path("endOffset")) {
                    for (Iterator<JsonNode> it = topic.elements(); it.hasNext(); ) {
                        processed += it.next().asLong();
                        any = true;
                    }
                }
            }
            if (!any) {
                continue;
            }
            long at = Instant.parse(p.path("timestamp").asText()).toEpochMilli() * 1000
                    + p.path("batchDuration").asLong() * 1000;
            out.add(new Point(at, sentBy(gens, at), processed));
        }
        return out;
    }

    /** At each window's end: messages the generators had sent (their schedules) less the rows processed by then. */
    static List<Point> fromRows(List<GeneratorFigures> gens, List<Window> windows) {
        List<Point> out = new ArrayList<>();
        long done = 0;
        for (Window w : windows) {
            done += w.outputRows();
            out.add(new Point(w.endMicros(), sentBy(gens, w.endMicros()), done));
        }
        return out;
    }

    /** Messages the generators had sent by {@code atMicros}, by their schedules. */
    private static long sentBy(List<GeneratorFigures> gens, long atMicros) {
        return gens.stream()
                .mapToLong(g -> g.sentBetween(g.startMicros(), atMicros))
                .sum();
    }

    static List<Point> fromWindows(List<Window> windows) {
        List<Point> out = new ArrayList<>();
        long in = 0;
        long done = 0;
        for (Window w : windows) {
            in += w.rows();
            done += w.outputRows();
            out.add(new Point(w.endMicros(), in, done));
        }
        return out;
    }
}
