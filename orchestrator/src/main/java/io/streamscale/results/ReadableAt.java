package io.streamscale.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each output file's rows became readable: the commit of the batch (real-time: epoch) that wrote it, or (Flink)
 * the file's own appearance under its final name, as the scorer's driver (client) saw it ({@code commits.jsonl}), on
 * the orchestrator's clock (less the driver's offset). A row's
 * committed latency is this less its intended send time: the latency a reader of the results sees, where event latency
 * stops when the row is handed to the writer.
 *
 * @param micros  per output file: when its rows became readable
 * @param without output files whose batch has no commit time (none recorded: a run before commit times, or a batch that
 *                never committed)
 */
public record ReadableAt(Map<Path, Long> micros, int without) {
    static final ReadableAt NONE = new ReadableAt(Map.of(), 0);

    static ReadableAt of(RunInputs in, List<Path> files) {
        if (in.commits().isEmpty() || files.isEmpty()) {
            return NONE;
        }
        Map<Long, Long> commits = new HashMap<>();
        Map<String, Long> byFile = new HashMap<>();
        for (JsonNode c : in.commits()) {
            if (c.has("file")) { // Flink: each part file stamped as it appeared
                byFile.putIfAbsent(
                        c.path("file").asText(), c.path("committedMicros").asLong());
            } else {
                commits.putIfAbsent(
                        c.path("batch").asLong(), c.path("committedMicros").asLong());
            }
        }
        long driver = Math.round(in.clocks().offsetMicros(in.clocks().driver()));
        Map<String, Long> batches = SinkFiles.batches(files.get(0).getParent());
        Map<Path, Long> out = new HashMap<>();
        int without = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            Long batch = batches.get(name);
            Long at = byFile.containsKey(name) ? byFile.get(name) : batch == null ? null : commits.get(batch);
            if (at == null) {
                without++;
            } else {
                out.put(f, at - driver);
            }
        }
        return new ReadableAt(out, without);
    }
}
