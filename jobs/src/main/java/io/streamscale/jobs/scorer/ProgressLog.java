package io.streamscale.jobs.scorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/** Appends every StreamingQueryProgress, as one JSON line, to {@code progress.jsonl}. */
final class ProgressLog extends StreamingQueryListener {
    private final Path file;

    ProgressLog(Path file) {
        this.file = file;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        System.out.println("scorer: query started, id " + event.id());
    }

    @Override
    public synchronized void onQueryProgress(QueryProgressEvent event) {
        String line = event.progress().json().replace('\n', ' ') + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        System.out.println("scorer: query terminated" + (event.exception().isDefined() ? ": " + event.exception().get() : ""));
    }
}
