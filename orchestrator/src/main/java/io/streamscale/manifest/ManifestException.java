package io.streamscale.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot be run; carries every error found, not just the first. */
public class ManifestException extends RuntimeException {
    private final List<ManifestError> errors;

    public ManifestException(List<ManifestError> errors) {
        super(errors.size() + " error(s) in the manifest:\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ManifestError> errors() {
        return errors;
    }
}
