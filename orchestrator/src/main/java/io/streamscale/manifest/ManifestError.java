package io.streamscale.manifest;

/** One problem in a manifest, where it is: {@code FILE:LINE:COLUMN: KEY.PATH: message} (1-based line and column). */
public record ManifestError(String file, int line, int column, String path, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
