package io.streamscale.manifest;

import java.util.List;

/**
 * A setting's value, the text it was written as, and where (1-based line and column; 0 for a default or an option), and
 * the command-line option that set it (null: the manifest or a default).
 */
public record Located(Object value, String text, int line, int column, String option) {
    public Located(Object value, String text, int line, int column) {
        this(value, text, line, column, null);
    }

    static Located defaultOf(Key k) {
        Object d = k.defaultValue();
        if (d == null) {
            return new Located(null, "", 0, 0);
        }
        if (d instanceof String s) {
            return new Located(ManifestReader.convertText(k, s), s, 0, 0);
        }
        if (k.type() == Key.Type.FAULTS) {
            return new Located(d, "", 0, 0);
        }
        if (d instanceof List<?> pair) {
            return new Located(d, "k" + pair.get(0) + "s" + pair.get(1), 0, 0);
        }
        return new Located(d, String.valueOf(d), 0, 0);
    }
}
