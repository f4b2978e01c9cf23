package io.streamscale.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * SLURM's compressed host lists, expanded: {@code node[001-003,007],gpu01} → node001, node002, node003, node007,
 * gpu01. Ranges keep their zero padding; several bracket groups in one name expand as a cross product
 * ({@code r[1-2]n[1-2]} → r1n1, r1n2, r2n1, r2n2); text after a bracket group is kept ({@code n[1-2]-ib}).
 * Inside an allocation, {@code scontrol show hostnames} gives the same answer; this needs no SLURM command.
 */
public final class Hostlist {
    private Hostlist() {}

    /** @throws IllegalArgumentException naming the list and what is wrong with it */
    public static List<String> expand(String hostlist) {
        List<String> hosts = new ArrayList<>();
        for (String item : splitTopLevel(hostlist.strip(), hostlist)) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException("empty host name in host list '" + hostlist + "'");
            }
            hosts.addAll(expandItem(item, hostlist));
        }
        return hosts;
    }

    /** Splits at commas outside brackets. */
    private static List<String> splitTopLevel(String s, String whole) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                if (++depth > 1) {
                    throw new IllegalArgumentException("nested '[' in host list '" + whole + "'");
                }
            } else if (c == ']') {
                if (--depth < 0) {
                    throw new IllegalArgumentException("unbalanced ']' in host list '" + whole + "'");
                }
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unclosed '[' in host list '" + whole + "'");
        }
        out.add(s.substring(start));
        return out;
    }

    private static List<String> expandItem(String item, String whole) {
        int open = item.indexOf('[');
        if (open < 0) {
            return List.of(item);
        }
        int close = item.indexOf(']', open);
        String prefix = item.substring(0, open);
        List<String> rest = expandItem(item.substring(close + 1), whole);
        List<String> out = new ArrayList<>();
        for (String part : item.substring(open + 1, close).split(",", -1)) {
            for (String n : range(part, whole)) {
                for (String r : rest) {
                    out.add(prefix + n + r);
                }
            }
        }
        return out;
    }

    private static List<String> range(String part, String whole) {
        if (!part.matches("\\d+(-\\d+)?")) {
            throw new IllegalArgumentException(
                    "'" + part + "' in host list '" + whole + "' is not a number or a range like 001-003");
        }
        int dash = part.indexOf('-');
        if (dash < 0) {
            return List.of(part);
        }
        String lo = part.substring(0, dash);
        String hi = part.substring(dash + 1);
        long from = Long.parseLong(lo);
        long to = Long.parseLong(hi);
        if (to < from) {
            throw new IllegalArgumentException("range '" + part + "' in host list '" + whole + "' runs backwards");
        }
        if (to - from > 100_000) {
            throw new IllegalArgumentException(
                    "range '" + part + "' in host list '" + whole + "' is implausibly large");
        }
        int width = lo.startsWith("0") ? lo.length() : 0; // SLURM pads to the width of the lower bound
        List<String> out = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            out.add(width > 0 ? String.format("%0" + width + "d", n) : Long.toString(n));
        }
        return out;
    }
}
