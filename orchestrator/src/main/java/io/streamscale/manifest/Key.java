package io.streamscale.manifest;

import java.util.List;

/**
 * One setting of an experiment: its dotted path ({@code kafka.replicationFactor}), type, default (null: none), what it
 * means, for {@link Type#CHOICE} the allowed values, and for numbers, durations (in seconds) and loads (messages/s)
 * the range a value must be in (bounded, so no setting can overflow a count or exhaust memory before a run starts).
 */
public record Key(String path, Type type, Object defaultValue, String doc, List<String> choices, double min, double max) {
    /** How a value is written. */
    public enum Type {
        INT("integer"), NUMBER("number"), STRING("string"), BOOL("true/false"), DURATION("duration, e.g. 90s, 10m"),
        LOAD("load, e.g. 5000/s or 5M/10m"), NODES("[kafka, spark] node counts"), CHOICE("one of"), SIZE("size, e.g. 2g"),
        FAULTS("list of faults (see Faults)"), PATH("absolute path"),
        ADDRESS("host name with {host}");

        final String describe;

        Type(String describe) {
            this.describe = describe;
        }
    }

    static Key of(String path, Type type, Object def, String doc) {
        return new Key(path, type, def, doc, List.of(), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    static Key range(String path, Type type, Object def, double min, double max, String doc) {
        return new Key(path, type, def, doc, List.of(), min, max);
    }

    static Key choice(String path, String def, String doc, String... choices) {
        return new Key(path, Type.CHOICE, def, doc, List.of(choices), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    public String typeText() {
        return type == Type.CHOICE ? "one of " + String.join(", ", choices) : type.describe;
    }
}
