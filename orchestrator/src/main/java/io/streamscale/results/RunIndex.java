package io.streamscale.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.AtomicFiles;
import io.streamscale.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code results/index.csv}: every run of a study under {@code results} ({@code EXPERIMENT/CELL/rep-N}) with its status
 * and headline figures, rebuilt from the run directories each time so it stays right across resumes.
 */
public final class RunIndex {
    private static final Logger log = LoggerFactory.getLogger(RunIndex.class);
    static final String HEADER = "experiment,cell,repetition,status,sent,acked,scored,lost,duplicated,nan_predictions,"
            + "event_latency_steady_mean_s,event_latency_steady_p99_s,processing_latency_steady_mean_s,verdict,dir";

    private RunIndex() {}

    /** Writes {@code results/index.csv}; a run directory that cannot be read is left out, with a warning. */
    public static void write(Path results) {
        List<String> rows = new ArrayList<>();
        rows.add(HEADER);
        if (Files.isDirectory(results)) {
            try (Stream<Path> runs = Files.walk(results, 3)) {
                for (Path run : runs.filter(p ->
                                p.getFileName().toString().matches("rep-\\d+") && Files.exists(p.resolve("run.json")))
                        .sorted()
                        .toList()) {
                    try {
                        rows.add(row(results, new RunDirectory(run)));
                    } catch (IOException e) { // one damaged run directory must not stop the study or its resume
                        log.warn(
                                "index.csv: {} left out: its run.json or summary.json cannot be read ({})",
                                run,
                                e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + results, e);
            }
        }
        try {
            AtomicFiles.writeString(results.resolve("index.csv"), String.join("\n", rows) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + results.resolve("index.csv"), e);
        }
    }

    private static String row(Path results, RunDirectory d) throws IOException {
        JsonNode run = Json.MAPPER.readTree(d.runJson().toFile());
        Summary s = Summary.read(d.summaryJson()).orElse(null);
        Summary.SteadyState steady = s == null ? null : s.steadyState();
        Summary.Latency event = steady == null ? null : steady.eventLatency();
        Summary.Latency processing = steady == null ? null : steady.processingLatency();
        return String.join(
                ",",
                run.path("experiment").asText(),
                run.path("cell").asText(),
                run.path("repetition").asText(),
                run.path("status").asText(),
                text(s == null ? null : s.sent()),
                text(s == null ? null : s.acked()),
                text(s == null ? null : s.distinctMessages()),
                text(s == null ? null : s.lost()),
                text(s == null ? null : s.duplicates()),
                text(s == null ? null : s.nanPredictions()),
                num(event == null ? null : event.mean()),
                num(event == null ? null : event.p99()),
                num(processing == null ? null : processing.mean()),
                steady == null || steady.verdict() == null
                        ? ""
                        : steady.verdict().toString(),
                results.toAbsolutePath().normalize().relativize(d.root()).toString());
    }

    private static String text(Long value) {
        return value == null ? "" : value.toString();
    }

    private static String num(Double n) {
        return n == null ? "" : String.format(Locale.ROOT, "%.4f", n);
    }
}
