package io.streamscale.fault;

/**
 * Which of the target's daemons a fault hits: {@code one} (the first in layout order, so runs repeat), a count
 * ({@code 2}), the leader of a topic partition ({@code leader:0}, Kafka only), or a named node ({@code node:n2}).
 */
public record Selector(Kind kind, int count, int partition, String node) {
    public enum Kind {
        COUNT,
        LEADER,
        NODE
    }

    public static Selector parse(String s) {
        if (s.equals("one")) {
            return new Selector(Kind.COUNT, 1, -1, null);
        }
        if (s.matches("[1-9]\\d*")) {
            return new Selector(Kind.COUNT, Integer.parseInt(s), -1, null);
        }
        if (s.matches("leader:\\d+")) {
            return new Selector(Kind.LEADER, 1, Integer.parseInt(s.substring(7)), null);
        }
        if (s.matches("node:\\S+")) {
            return new Selector(Kind.NODE, 1, -1, s.substring(5));
        }
        throw new IllegalArgumentException(
                "'" + s + "' is not a selector: one, a count (2), leader:PARTITION or node:NAME");
    }

    /** How many daemons it hits. */
    public int size() {
        return count;
    }

    public String yaml() {
        return switch (kind) {
            case COUNT -> count == 1 ? "one" : String.valueOf(count);
            case LEADER -> "leader:" + partition;
            case NODE -> "node:" + node;
        };
    }
}
