package io.streamscale.manifest;

import java.util.List;
import java.util.Map;

/**
 * One experiment of a manifest: its settings (defaults merged in, by dotted path) and its matrix (dotted path → the
 * values to run, crossed with each other).
 */
public record Experiment(String name, int line, Map<String, Located> settings, Map<String, List<Located>> matrix) {
    public Experiment {
        settings = Map.copyOf(settings);
        matrix = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(matrix));
    }
}
