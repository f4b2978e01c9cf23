package io.streamscale.manifest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One setting of an experiment: its dotted path ({@code kafka.replicationFactor}), type, default (null: none), what it
 * means, for {@link Type#CHOICE} the allowed values (and the enum they become, when one is given), and for numbers,
 * durations (in seconds) and loads (messages/s) the range a value must be in (bounded, so no setting can overflow a
 * count or exhaust memory before a run starts). {@code T} is the Java type a cell holds for it:
 * {@code cell.get(Schema.WARMUP)} is a {@code Duration}.
 */
public record Key<T>(
        String path,
        Type type,
        Object defaultValue,
        String doc,
        List<String> choices,
        double min,
        double max,
        Class<? extends Enum<?>> enumType) {
    /** How a value is written. */
    public enum Type {
        INT("integer"),
        NUMBER("number"),
        STRING("string"),
        BOOL("true/false"),
        DURATION("duration, e.g. 90s, 10m"),
        LOAD("load, e.g. 5000/s or 5M/10m"),
        NODES("[kafka, spark] node counts"),
        CHOICE("one of"),
        SIZE("size, e.g. 2g"),
        FAULTS("list of faults (see Faults)"),
        PATH("absolute path"),
        ADDRESS("host name with {host}");

        final String describe;

        Type(String describe) {
            this.describe = describe;
        }
    }

    static <T> Key<T> of(String path, Type type, Object def, String doc) {
        return new Key<>(path, type, def, doc, List.of(), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null);
    }

    static <T> Key<T> range(String path, Type type, Object def, double min, double max, String doc) {
        return new Key<>(path, type, def, doc, List.of(), min, max, null);
    }

    static Key<String> choice(String path, String def, String doc, String... choices) {
        return new Key<>(
                path,
                Type.CHOICE,
                def,
                doc,
                List.of(choices),
                Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                null);
    }

    /** A choice among an enum's constants, written as their lower-case names; a cell holds the constant. */
    static <E extends Enum<E>> Key<E> choice(String path, Class<E> type, E def, String doc) {
        List<String> names =
                Arrays.stream(type.getEnumConstants()).map(Key::text).toList();
        return new Key<>(
                path, Type.CHOICE, text(def), doc, names, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, type);
    }

    /** How a manifest writes an enum constant: its name in lower case. */
    static String text(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The value a choice's text stands for: the enum constant, or the text itself for a choice of strings. */
    Object choose(String text) {
        if (enumType == null) {
            return text;
        }
        return Arrays.stream(enumType.getEnumConstants())
                .filter(e -> text(e).equals(text))
                .findFirst()
                .orElseThrow();
    }

    public String typeText() {
        return type == Type.CHOICE ? "one of " + String.join(", ", choices) : type.describe;
    }
}
