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
    private Backlog() {
    }

    /** @param atMicros when; {@code offered} and {@code processed} are cumulative message counts at that time */
    public record Point(long atMicros, long offered, long processed) {
        public long backlog() {
            return offered - processed;
        }
    }

    public record Series(String source, List<Point> points) {
        public List<Point> between(long fromMicros, long toMicros) {
            return points.stream().filter(p -> p.atMicros() >= fromMicros && p.atMicros() <= toMicros).toList();
        }

        /**
         * The points in [from, to]; when fewer than three fall inside, with the last one before and the first one
         * after: far above capacity a micro-batch takes tens of seconds, and the steady state alone may hold fewer than
         * two batch ends while the backlog grows by millions.
         */
        public List<Point> spanning(long fromMicros, long toMicros) {
            List<Point> inside = between(fromMicros, toMicros);
            if (inside.size() >= 3) {
                return inside;
            }
            List<Point> out = new ArrayList<>();
            Point before = null;
            Point after = null;
            for (Point p : points) {
                if (p.atMicros() < fromMicros) {
                    before = p;
                } else if (p.atMicros() <= toMicros) {
                    out.add(p);
                } else if (after == null) {
                    after = p;
                }
            }
            if (before != null) {
                out.add(0, before);
            }
            if (after != null) {
                out.add(after);
            }
            return out;
        }
    }

    public static Series of(RunInputs in, List<Window> windows) {
        List<Point> fromProgress = fromProgress(in.progress(), in.generators());
        if (!fromProgress.isEmpty()) {
            return new Series("progress.jsonl: messages sent by the generators less Kafka offsets processed by Spark", fromProgress);
        }
        return new Series("scored rows: cumulative input (generator time) less cumulative output (processed time)", fromWindows(windows));
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
            long at = Instant.parse(p.path("timestamp").asText()).toEpochMilli() * 1000 + p.path("batchDuration").asLong() * 1000;
            long offered = 0;
            for (GeneratorFigures g : gens) {
                offered += g.sentBetween(g.startMicros(), at);
            }
            out.add(new Point(at, offered, processed));
        }
        return out;
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
