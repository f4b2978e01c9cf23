package io.streamscale.capacity;

import io.streamscale.capacity.CapacitySearch.Bounds;
import io.streamscale.capacity.CapacitySearch.Result;
import io.streamscale.capacity.CapacitySearch.Verdict;
import io.streamscale.common.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration's capacity answer: its bounds and the search's result, {@code nodes} being what it takes (Kafka +
 * Spark + generator nodes); said in one line and written to {@code capacity.json}.
 */
public record CapacityAnswer(String configuration, int nodes, Bounds bounds, Result result) {
    /** One line a person can act on. */
    public String describe() {
        Result r = result;
        String probes = r.probes().size() + " probe(s)";
        String at = r.sustained() == null ? "" : mean(r, r.sustained());
        String text = switch (r.status()) {
            case FOUND, PROBES_EXHAUSTED ->
                String.format(
                        Locale.ROOT,
                        "sustains %d msg/s%s, not %d msg/s (bracket %.1f%%%s)",
                        r.sustained(),
                        at,
                        r.unsustained(),
                        r.relativeWidth() * 100,
                        r.status() == CapacitySearch.Status.FOUND
                                ? ""
                                : ", wider than asked: the probe budget ran out");
            case ABOVE_MAX -> "sustains at least " + r.sustained() + " msg/s" + at + " (the search's maximum)";
            case BELOW_MIN -> "does not sustain even " + r.unsustained() + " msg/s (the search's minimum)";
            case INCOMPLETE ->
                "incomplete: a probe failed to run twice"
                        + (r.sustained() == null ? "" : "; sustained " + r.sustained() + " msg/s" + at)
                        + (r.unsustained() == null ? "" : ", not " + r.unsustained() + " msg/s");
        };
        return configuration + ": " + text + "; " + probes + (r.note() == null ? "" : "; " + r.note());
    }

    private static String mean(Result r, long rate) {
        return r.probes().stream()
                .filter(p -> p.rate() == rate
                        && (p.verdict() == Verdict.SUSTAINABLE
                                || p.verdict() == Verdict.KEPT_UP
                                || p.verdict() == Verdict.FLAT_BUT_SLOW)
                        && p.steadyMeanSeconds() != null)
                .reduce((x, y) -> y)
                .map(p -> String.format(
                        Locale.ROOT,
                        " at %.2f s mean event latency%s",
                        p.steadyMeanSeconds(),
                        p.measuredRuns() > 1 ? " (worst of " + p.measuredRuns() + " repetitions)" : ""))
                .orElse("");
    }

    static void write(Path file, List<CapacityAnswer> answers) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CapacityAnswer a : answers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("configuration", a.configuration());
            m.put("nodes", a.nodes());
            m.put("status", a.result().status().name().toLowerCase(Locale.ROOT));
            m.put("sustainedRate", a.result().sustained());
            m.put("unsustainedRate", a.result().unsustained());
            m.put("relativeWidth", a.result().relativeWidth());
            m.put("note", a.result().note());
            m.put("answer", a.describe());
            m.put("bounds", a.bounds());
            m.put("probes", a.result().probes());
            rows.add(m);
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeJson(file, Map.of("capacity", rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
