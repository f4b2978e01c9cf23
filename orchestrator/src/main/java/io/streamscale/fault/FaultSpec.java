package io.streamscale.fault;

import io.streamscale.common.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of an experiment's {@code faults:} list.
 *
 * @param at           when, after the load starts (or after the warm-up ends, with {@code afterWarmup})
 * @param restartAfter for kill/stop: restart the daemon on the same node this long after (null: stays down)
 * @param every        repeat this often until the load ends (null: once)
 * @param duration     for pause/partition: how long it lasts ({@code for})
 */
public record FaultSpec(
        Duration at,
        boolean afterWarmup,
        FaultAction action,
        FaultTarget target,
        Selector select,
        Duration restartAfter,
        Duration every,
        Duration duration) {

    public static final Set<String> FIELDS = Set.of("at", "action", "target", "select", "restartAfter", "every", "for");

    /** A field's problem: which field, and what is wrong. */
    public static final class FieldException extends IllegalArgumentException {
        private final String field;

        public FieldException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * @param fields the entry's fields as written ({@code at: warmup+1m}, {@code action: kill}, ...)
     * @throws FieldException naming the field
     */
    public static FaultSpec of(Map<String, String> fields) {
        for (String required : List.of("at", "action", "target")) {
            if (!fields.containsKey(required)) {
                throw new FieldException(required, "a fault needs '" + required + "'");
            }
        }
        String atText = fields.get("at");
        boolean afterWarmup = atText.startsWith("warmup+") || atText.equals("warmup");
        Duration at = field(
                "at",
                () -> atText.equals("warmup")
                        ? Duration.ZERO
                        : Durations.parse(afterWarmup ? atText.substring("warmup+".length()) : atText));
        FaultAction action = field("action", () -> {
            for (FaultAction a : FaultAction.values()) {
                if (a.yaml().equals(fields.get("action"))) {
                    return a;
                }
            }
            throw new IllegalArgumentException(
                    "'" + fields.get("action") + "' is not an action: kill, stop, pause or partition");
        });
        FaultTarget target = field("target", () -> FaultTarget.parse(fields.get("target")));
        Selector select = field("select", () -> Selector.parse(fields.getOrDefault("select", "one")));
        Duration restartAfter = optional(fields, "restartAfter");
        Duration every = optional(fields, "every");
        Duration duration = optional(fields, "for");
        if (action.timed() && duration == null) {
            throw new FieldException("action", action.yaml() + " needs 'for': how long it lasts (e.g. for: 10s)");
        }
        if (!action.timed() && duration != null) {
            throw new FieldException(
                    "for", "'for' is for pause and partition; " + action.yaml() + " heals with restartAfter");
        }
        if (action.timed() && restartAfter != null) {
            throw new FieldException(
                    "restartAfter", action.yaml() + " heals by itself after 'for'; restartAfter is for kill and stop");
        }
        if (select.kind() == Selector.Kind.LEADER && target != FaultTarget.KAFKA) {
            throw new FieldException(
                    "select", "leader:PARTITION selects a Kafka broker; the target is " + target.yaml());
        }
        for (String name : List.of("restartAfter", "every", "for")) {
            Duration d = name.equals("for") ? duration : name.equals("every") ? every : restartAfter;
            if (d != null
                    && d.compareTo(Duration.ofSeconds(1)) < 0) { // 0 would heal before the strike, or repeat forever
                throw new FieldException(name, name + " must be at least 1s, got " + fields.get(name));
            }
            if (d != null && d.compareTo(Duration.ofDays(7)) > 0) {
                throw new FieldException(name, name + " must be at most 7 days, got " + fields.get(name));
            }
        }
        Duration heal = action.timed() ? duration : restartAfter;
        if (every != null && heal != null && every.compareTo(heal) <= 0) {
            throw new FieldException(
                    "every",
                    "every " + Durations.format(every) + " must be longer than the fault lasts ("
                            + Durations.format(heal) + ")");
        }
        return new FaultSpec(at, afterWarmup, action, target, select, restartAfter, every, duration);
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T field(String name, Parse<T> p) {
        try {
            return p.get();
        } catch (FieldException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new FieldException(name, e.getMessage());
        }
    }

    private static Duration optional(Map<String, String> fields, String name) {
        return fields.containsKey(name) ? field(name, () -> Durations.parse(fields.get(name))) : null;
    }

    /** When it first strikes, counted from the start of the load. */
    public Duration firstAt(Duration warmup) {
        return afterWarmup ? warmup.plus(at) : at;
    }

    /** How long until it heals itself (pause, partition) or is healed by a restart; null if never. */
    public Duration healAfter() {
        return action.timed() ? duration : restartAfter;
    }

    /** As written, for run.json and log lines. */
    public String describe() {
        List<String> parts = new ArrayList<>(List.of(
                action.yaml() + " " + select.yaml() + " " + target.yaml(),
                "at " + (afterWarmup ? "warmup+" : "") + Durations.format(at)));
        if (duration != null) {
            parts.add("for " + Durations.format(duration));
        }
        if (restartAfter != null) {
            parts.add("restart after " + Durations.format(restartAfter));
        }
        if (every != null) {
            parts.add("every " + Durations.format(every));
        }
        return String.join(", ", parts);
    }
}
