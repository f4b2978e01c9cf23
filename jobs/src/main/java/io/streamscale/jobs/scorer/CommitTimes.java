package io.streamscale.jobs.scorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each batch's rows became readable, as a reader watching the output would see it: the moment a log file named by
 * the batch appears in {@code dir} (micro-batch: the file sink's {@code _spark_metadata/N}, which readers go by; real-time:
 * the checkpoint's {@code commits/N}, after which the epoch is never run again). Spark writes each log to a temporary
 * file and renames it into place; inotify (the JDK's WatchService) reports the rename at once and this thread stamps it
 * with the driver's clock. One JSON line per batch to {@code out}: {@code {"batch":N,"committedMicros":T}}.
 * <p>
 * Flink's file sink commits a part file by renaming it from a hidden in-progress name once its checkpoint completes:
 * {@link #files} stamps each {@code part-*} file as it appears, one line per file: {@code {"file":NAME,...}}.
 */
public final class CommitTimes implements AutoCloseable {
    private static final Pattern LOG = Pattern.compile("(\\d+)(\\.compact)?");
    private static final Pattern PART = Pattern.compile("part-[^.].*\\.parquet");
    private final WatchService watch;
    private final Thread thread;
    private final Path out;
    private final boolean byFile;
    private final Consumer<Path> onFile;
    private final Set<String> seen = new HashSet<>();

    private CommitTimes(WatchService watch, Path dir, Path out, boolean byFile, Consumer<Path> onFile) {
        this.watch = watch;
        this.out = out;
        this.byFile = byFile;
        this.onFile = onFile;
        this.thread = new Thread(() -> run(dir), "commit-times");
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code dir} (created if absent), appending to {@code out}. */
    static CommitTimes watch(Path dir, Path out) throws IOException {
        return start(dir, out, false, f -> {});
    }

    /**
     * Starts stamping each committed part file that appears in {@code dir} (created if absent), appending to {@code out},
     * then handing the file to {@code onFile}.
     */
    public static CommitTimes files(Path dir, Path out, Consumer<Path> onFile) throws IOException {
        return start(dir, out, true, onFile);
    }

    private static CommitTimes start(Path dir, Path out, boolean byFile, Consumer<Path> onFile) throws IOException {
        Files.createDirectories(dir);
        WatchService w = FileSystems.getDefault().newWatchService();
        // a rename into place is a create here (MOVED_TO)
        dir.register(w, StandardWatchEventKinds.ENTRY_CREATE);
        CommitTimes c = new CommitTimes(w, dir, out, byFile, onFile);
        c.thread.start();
        return c;
    }

    private void run(Path dir) {
        try {
            while (true) {
                WatchKey key = watch.take();
                long now = micros(Instant.now());
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.context() instanceof Path p && record(p.getFileName().toString(), now)) {
                        onFile.accept(dir.resolve(p));
                    }
                }
                if (!key.reset()) {
                    return; // the directory is gone
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // stopped
        }
    }

    /**
     * A log file named {@code name} appeared at {@code micros}: the first appearance of each batch counts.
     *
     * @return whether it was recorded
     */
    synchronized boolean record(String name, long micros) {
        String line;
        if (byFile) {
            if (!PART.matcher(name).matches() || !seen.add(name)) {
                return false;
            }
            line = "{\"file\":\"" + name + "\",\"committedMicros\":" + micros + "}\n";
        } else {
            Matcher m = LOG.matcher(name);
            if (!m.matches() || !seen.add(String.valueOf(Long.parseLong(m.group(1))))) {
                return false;
            }
            line = line(Long.parseLong(m.group(1)), micros);
        }
        try {
            Files.writeString(out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + out, e);
        }
        return true;
    }

    static String line(long batch, long micros) {
        return "{\"batch\":" + batch + ",\"committedMicros\":" + micros + "}\n";
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    @Override
    public void close() throws IOException {
        watch.close();
    }
}
