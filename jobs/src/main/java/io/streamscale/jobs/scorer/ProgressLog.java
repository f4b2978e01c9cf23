package io.streamscale.jobs.scorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/** Appends every StreamingQueryProgress of the measured query (by its name), as one JSON line, to {@code progress.jsonl}. */
final class ProgressLog extends StreamingQueryListener {
    private final Path file;
    private final String query;

    ProgressLog(Path file, String query) {
        this.file = file;
        this.query = query;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        System.out.println("scorer: query " + event.name() + " started, id " + event.id());
    }

    @Override
    public synchronized void onQueryProgress(QueryProgressEvent event) {
        if (!query.equals(event.progress().name())) {
            return; // the warm-up's: its batches are not the run's, and the run is ready only when the measured query
            // runs
        }
        String line = event.progress().json().replace('\n', ' ') + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        System.out.println("scorer: query terminated"
                + (event.exception().isDefined() ? ": " + event.exception().get() : ""));
    }
}
