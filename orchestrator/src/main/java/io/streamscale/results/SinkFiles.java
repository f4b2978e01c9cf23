package io.streamscale.results;

import static io.streamscale.common.Json.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Parquet files of a run's output that Spark's file sink committed: those its {@code _spark_metadata} log lists
 * (files of a batch that failed before its commit are not results), found by name in the output directory so that a
 * results directory can be moved or copied. Without a log (not written by a streaming file sink): every
 * {@code *.parquet} file.
 */
public record SinkFiles(List<Path> files, List<String> missing) {
    private static final Pattern REAL_TIME = Pattern.compile("rt-e(\\d+)-p\\d+\\.parquet");

    /**
     * The batch (real-time: epoch) that committed each file of {@code output}: the real-time sink names files by epoch;
     * the file sink's log lists each file first in its batch's log (every batch's log is kept: the scorer turns off
     * their deletion; in runs made before that, a file listed first in a compaction is given that compaction's batch).
     */
    public static Map<String, Long> batches(Path output) {
        Map<String, Long> out = new HashMap<>();
        Path log = output.resolve("_spark_metadata");
        try {
            if (!Files.isDirectory(log)) {
                if (Files.isDirectory(output)) {
                    try (Stream<Path> s = Files.list(output)) {
                        s.forEach(p -> {
                            Matcher m = REAL_TIME.matcher(p.getFileName().toString());
                            if (m.matches()) {
                                out.put(p.getFileName().toString(), Long.parseLong(m.group(1)));
                            }
                        });
                    }
                }
                return out;
            }
            List<Path> all;
            try (Stream<Path> s = Files.list(log)) {
                all = s.filter(p -> p.getFileName().toString().matches("\\d+(\\.compact)?"))
                        .sorted(Comparator.comparingLong(SinkFiles::batchOf))
                        .toList();
            }
            for (Path batch : all) {
                for (String line : Files.readAllLines(batch)) {
                    if (line.startsWith("{")) {
                        out.putIfAbsent(fileName(MAPPER.readTree(line)), batchOf(batch));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file sink's log in " + log, e);
        }
    }

    private static String fileName(JsonNode entry) {
        return Path.of(URI.create(entry.path("path").asText()).getPath())
                .getFileName()
                .toString();
    }

    public static SinkFiles of(Path output) {
        Path log = output.resolve("_spark_metadata");
        try {
            if (!Files.isDirectory(log)) {
                if (!Files.isDirectory(output)) {
                    return new SinkFiles(List.of(), List.of());
                }
                try (Stream<Path> s = Files.walk(output)) {
                    return new SinkFiles(
                            s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                                    .sorted()
                                    .toList(),
                            List.of());
                }
            }
            Set<String> names = new LinkedHashSet<>();
            for (Path batch : logFiles(log)) {
                for (String line : Files.readAllLines(batch)) {
                    if (!line.startsWith("{")) {
                        continue; // the "v1" header
                    }
                    JsonNode e = MAPPER.readTree(line);
                    String name = fileName(e);
                    if ("delete".equals(e.path("action").asText())) {
                        names.remove(name);
                    } else {
                        names.add(name);
                    }
                }
            }
            List<Path> files = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String n : names) {
                Path p = output.resolve(n);
                if (Files.isRegularFile(p)) {
                    files.add(p);
                } else {
                    missing.add(n);
                }
            }
            return new SinkFiles(files, missing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file sink's log in " + log, e);
        }
    }

    /** The latest compaction (it holds every entry before it) and every batch after it, in batch order. */
    private static List<Path> logFiles(Path log) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(log)) {
            all = s.filter(p -> p.getFileName().toString().matches("\\d+(\\.compact)?"))
                    .toList();
        }
        long lastCompact = all.stream()
                .filter(p -> p.getFileName().toString().endsWith(".compact"))
                .mapToLong(SinkFiles::batchOf)
                .max()
                .orElse(-1);
        return all.stream()
                .filter(p -> batchOf(p) >= lastCompact)
                .filter(p ->
                        batchOf(p) > lastCompact || p.getFileName().toString().endsWith(".compact"))
                .sorted(Comparator.comparingLong(SinkFiles::batchOf))
                .toList();
    }

    private static long batchOf(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.endsWith(".compact") ? n.substring(0, n.length() - ".compact".length()) : n);
    }
}
