package io.streamscale.results;

import static io.streamscale.common.Json.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the analysis puts every timestamp on the orchestrator's clock. Each node's offset (node clock minus the
 * orchestrator's) is measured before the load and again after the drain; the offset applied is their mean (the best
 * single estimate under a steady drift), or the one reading there is. A timestamp stamped on node n is corrected by
 * subtracting n's applied offset: event latency by the scoring node's less the generator node's, processing latency by
 * the scoring node's less the node that stamped timestampSpark (the driver in micro-batch mode, the scoring node itself
 * in real-time mode), ingest latency by the brokers' (their mean: a partition's leader appends) less the generator's.
 *
 * @param nodes   per node: the two readings and what was applied
 * @param driver  the node whose clock stamps timestampSpark in micro-batch mode (the Spark master's), or null
 * @param brokers the Kafka nodes
 */
public record ClockCorrection(Map<String, NodeClock> nodes, String driver, List<String> brokers) {
    public static final String RULE =
            "each node's offset (its clock minus the orchestrator's, read by a JVM on the node) is"
                    + " measured before the load and after the drain; the mean of the two is subtracted from every timestamp that node"
                    + " stamped: event latency by the scoring node's less the generator node's, processing latency by the scoring node's"
                    + " less that of the node that stamped timestampSpark, ingest latency by the brokers' mean less the generator's";
    static final ClockCorrection NONE = new ClockCorrection(Map.of(), null, List.of());

    /**
     * One node's clock.
     *
     * @param beforeMillis offset before the load (null: not read)
     * @param afterMillis  offset after the drain (null: not read)
     * @param boundMillis  the wider of the two readings' error bounds
     * @param clock        whose clock answered ("jvm", "shell"; null in runs that did not say)
     */
    public record NodeClock(Double beforeMillis, Double afterMillis, double boundMillis, String clock) {
        public double appliedMillis() {
            if (beforeMillis != null && afterMillis != null) {
                return (beforeMillis + afterMillis) / 2;
            }
            return beforeMillis != null ? beforeMillis : afterMillis != null ? afterMillis : 0;
        }

        /** After less before, or NaN without both. */
        public double driftMillis() {
            return beforeMillis != null && afterMillis != null ? afterMillis - beforeMillis : Double.NaN;
        }
    }

    /** From run.json: {@code clockOffsets} (before the load), {@code clockOffsetsAfter}, and the nodes' roles. */
    public static ClockCorrection of(JsonNode run) {
        Map<String, NodeClock> nodes = new LinkedHashMap<>();
        JsonNode before = run.path("clockOffsets");
        JsonNode after = run.path("clockOffsetsAfter");
        List<String> names = new ArrayList<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(n -> {
            if (!names.contains(n)) {
                names.add(n);
            }
        });
        for (String n : names) {
            JsonNode b = before.path(n);
            JsonNode a = after.path(n);
            double bound = Math.max(
                    b.path("boundMillis").asDouble(0), a.path("boundMillis").asDouble(0));
            String clock = b.hasNonNull("clock")
                    ? b.path("clock").asText()
                    : a.hasNonNull("clock") ? a.path("clock").asText() : null;
            nodes.put(n, new NodeClock(millis(b), millis(a), bound, clock));
        }
        String driver = null;
        List<String> brokers = new ArrayList<>();
        for (var e :
                (Iterable<Map.Entry<String, JsonNode>>) () -> run.path("nodes").fields()) {
            List<String> roles = new ArrayList<>();
            e.getValue().path("roles").forEach(r -> roles.add(r.asText()));
            if (roles.contains("SPARK_MASTER")) {
                driver = e.getKey();
            }
            if (roles.contains("KAFKA")) {
                brokers.add(e.getKey());
            }
        }
        return new ClockCorrection(nodes, driver, brokers);
    }

    private static Double millis(JsonNode n) {
        return n.path("offsetMillis").isNumber() ? n.path("offsetMillis").asDouble() : null;
    }

    /** The offset applied to what {@code node} stamped, in microseconds; 0 for a node whose clock was not read. */
    public double offsetMicros(String node) {
        NodeClock c = node == null ? null : nodes.get(node);
        return c == null ? 0 : c.appliedMillis() * 1000;
    }

    /** The brokers' mean applied offset in microseconds (0 when none was read). */
    public double brokerMicros() {
        return brokers.stream()
                .filter(nodes::containsKey)
                .mapToDouble(this::offsetMicros)
                .average()
                .orElse(0);
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /**
     * Null when every node's offset and drift are small beside latencies of {@code meanSeconds}; else which are not: a
     * large offset is corrected, but only as well as it holds over the run, and a drift says it did not.
     */
    public String caveat(double meanSeconds, double maxShare) {
        if (nodes.isEmpty()
                || Double.isNaN(meanSeconds)
                || meanSeconds <= 0) { // no offsets recorded: one machine, one clock
            return null;
        }
        List<String> why = new ArrayList<>();
        double limit = maxShare * meanSeconds * 1000;
        List<String> unread = new ArrayList<>();
        nodes.forEach((n, c) -> {
            if (c.beforeMillis() == null && c.afterMillis() == null) {
                unread.add(n);
                return;
            }
            if (c.boundMillis() > limit) {
                why.add(String.format(
                        Locale.ROOT, "the clock offset of %s is known only to ±%.1f ms", n, c.boundMillis()));
            }
            if (Math.abs(c.appliedMillis()) > limit) {
                why.add(String.format(
                        Locale.ROOT,
                        "%s's clock is %+.1f ms off the orchestrator's (corrected)",
                        n,
                        c.appliedMillis()));
            }
            if (Math.abs(c.driftMillis()) > limit) {
                why.add(String.format(
                        Locale.ROOT,
                        "%s's clock drifted %+.1f ms between the readings before the load and after" + " the drain",
                        n,
                        c.driftMillis()));
            }
        });
        String unreadWhy = unread.isEmpty()
                ? null
                : "the clock of " + String.join(", ", unread) + " could not be read (run.json"
                        + " says why): what it stamped is not corrected";
        if (why.isEmpty()) {
            return unreadWhy;
        }
        return String.join("; ", why)
                + String.format(
                        Locale.ROOT,
                        " (each over %.1f%% of the steady mean event latency, %.1f ms):"
                                + " latencies that mix nodes' clocks are uncertain by that much",
                        maxShare * 100,
                        limit)
                + (unreadWhy == null ? "" : "; " + unreadWhy);
    }

    /** For run.json, summary.json and report.json: each node's readings, drift and the offset applied. */
    public ObjectNode toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("rule", RULE);
        ObjectNode each = o.putObject("nodes");
        nodes.forEach((n, c) -> {
            ObjectNode j = each.putObject(n);
            put(j, "beforeMillis", c.beforeMillis());
            put(j, "afterMillis", c.afterMillis());
            put(j, "driftMillis", Double.isNaN(c.driftMillis()) ? null : c.driftMillis());
            j.put("appliedMillis", c.appliedMillis())
                    .put("boundMillis", c.boundMillis())
                    .put("clock", c.clock());
        });
        return o;
    }

    private static void put(ObjectNode j, String key, Double v) {
        if (v == null) {
            j.putNull(key);
        } else {
            j.put(key, v);
        }
    }
}
