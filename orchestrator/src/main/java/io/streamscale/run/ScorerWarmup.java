package io.streamscale.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the scorer's warm-up cost, as its driver logged it ({@code scorer: warm-up of N messages through Kafka took M ms},
 * printed by the scorer job): run.json records it beside the load's warm-up.
 */
record ScorerWarmup(long messages, double seconds) {
    private static final Pattern LINE =
            Pattern.compile("scorer: warm-up of (\\d+) messages through Kafka took (\\d+) ms");

    /** From the fetched logs ({@code <node>-scorer.log}); null when there is no such line (no warm-up, or no log). */
    static ScorerWarmup fromLogs(Path logs) {
        if (!Files.isDirectory(logs)) {
            return null;
        }
        try (var files = Files.list(logs)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-scorer.log"))
                    .sorted()
                    .toList()) {
                try (var lines = Files.lines(f, StandardCharsets.ISO_8859_1)) {
                    var found = lines.map(LINE::matcher).filter(Matcher::find).findFirst();
                    if (found.isPresent()) {
                        Matcher m = found.get();
                        return new ScorerWarmup(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1000.0);
                    }
                }
            }
        } catch (IOException e) {
            return null; // a provenance detail: the run's figures do not depend on it
        }
        return null;
    }
}
