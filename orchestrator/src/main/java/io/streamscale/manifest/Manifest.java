package io.streamscale.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A parsed, validated manifest: its experiments in file order. */
public record Manifest(Path file, int experimentsLine, Map<String, Experiment> experiments) {

    /**
     * The named experiments (all when {@code names} is empty), in the order given.
     *
     * @throws ManifestException naming each unknown experiment, with a did-you-mean
     */
    public List<Experiment> select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.copyOf(experiments.values());
        }
        List<Experiment> out = new ArrayList<>();
        List<ManifestError> errors = new ArrayList<>();
        for (String n : names) {
            Experiment e = experiments.get(n);
            if (e == null) {
                errors.add(new ManifestError(
                        file.toString(),
                        experimentsLine,
                        1,
                        "experiments",
                        "no experiment named '" + n + "'"
                                + Similar.closest(n, experiments.keySet())
                                        .map(s -> " (did you mean '" + s + "'?)")
                                        .orElse("")
                                + "; it has: "
                                + String.join(", ", experiments.keySet())));
            } else {
                out.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw new ManifestException(errors);
        }
        return out;
    }

    /** Every cell of the given experiments, expanded and checked. */
    public List<Cell> cells(List<Experiment> selected) {
        List<Cell> out = new ArrayList<>();
        List<ManifestError> errors = new ArrayList<>();
        for (Experiment e : selected) {
            out.addAll(Cells.expand(file.toString(), e, errors));
        }
        if (!errors.isEmpty()) {
            throw new ManifestException(errors);
        }
        return out;
    }
}
