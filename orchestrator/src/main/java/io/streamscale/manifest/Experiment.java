package io.streamscale.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment of a manifest: its settings (defaults merged in, by dotted path) and its matrix (dotted path → the
 * values to run, crossed with each other).
 */
public record Experiment(String name, int line, Map<String, Located> settings, Map<String, List<Located>> matrix) {
    public Experiment {
        settings = Map.copyOf(settings);
        matrix = Collections.unmodifiableMap(new LinkedHashMap<>(matrix));
    }
}
