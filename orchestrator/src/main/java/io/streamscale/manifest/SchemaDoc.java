package io.streamscale.manifest;

import java.util.List;

/** The key table of docs/manifest.md, made from {@link Schema} (a test keeps the doc equal to it). */
public final class SchemaDoc {
    private SchemaDoc() {}

    public static String table() {
        StringBuilder b = new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
        for (Key k : Schema.KEYS) {
            String def = k.defaultValue() == null
                    ? "—"
                    : k.defaultValue() instanceof List<?> l
                            ? "["
                                    + String.join(
                                            ", ",
                                            l.stream().map(String::valueOf).toList()) + "]"
                            : "`" + k.defaultValue() + "`";
            b.append("| `")
                    .append(k.path())
                    .append("` | ")
                    .append(k.typeText())
                    .append(" | ")
                    .append(def)
                    .append(" | ")
                    .append(k.doc())
                    .append(" |\n");
        }
        return b.toString();
    }

    public static void main(String[] args) {
        System.out.print(table());
    }
}
