package io.streamscale.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer a sizing study is for: per configuration (Kafka x Spark nodes), the highest load it sustained, the mean
 * event latency there, the highest it sustained within each of {@link #LATENCY_BOUNDS}, and the lowest it did not,
 * over the fault-free cells measured. A load counts as sustained when every valid run of its cell was sustainable (or
 * kept up: {@link Sustainability#sustained()}), as
 * not sustained when any was unsustainable; cells with no valid verdict say nothing. Listed by node count, so "which
 * configuration sustains X msg/s at at most Y s, with the fewest nodes" is the first row at or above X in the Y column.
 *
 * @param nodes          what the configuration takes: Kafka + Spark + generator nodes (+ a master of its own)
 * @param withinLatency  per bound of {@link #LATENCY_BOUNDS}: the highest sustained rate whose mean was within it, or null
 */
public record Capacity(
        String configuration,
        int nodes,
        Double sustainedRate,
        String sustainedLoad,
        Double sustainedMeanSeconds,
        Double failedRate,
        String failedLoad,
        List<Double> withinLatency) {
    /** Mean event latency bounds (s) of the table's columns. */
    public static final List<Double> LATENCY_BOUNDS = List.of(1.0, 2.0, 5.0);

    /** e.g. "10M/10m (16667 msg/s)", or "–" when no load was sustained. */
    public String sustained() {
        return label(sustainedLoad, sustainedRate);
    }

    public String failed() {
        return label(failedLoad, failedRate);
    }

    /** The highest rate sustained at a mean of at most {@code LATENCY_BOUNDS.get(i)}, e.g. "16667 msg/s", or "–". */
    public String within(int i) {
        Double r = withinLatency.get(i);
        return r == null ? "–" : WindowsCsv.num(Math.round(r)) + " msg/s";
    }

    private static String label(String load, Double rate) {
        if (rate == null) {
            return "–";
        }
        return load.endsWith("msg/s") ? load : load + " (" + WindowsCsv.num(Math.round(rate)) + " msg/s)";
    }

    public static List<Capacity> of(List<CellSummary> cells) {
        Map<String, List<CellSummary>> byConfig = new LinkedHashMap<>();
        cells.stream()
                .filter(c -> !c.hasFaults())
                .sorted(Comparator.comparing(CellSummary::configuration))
                .forEach(c -> byConfig.computeIfAbsent(c.configuration(), k -> new ArrayList<>())
                        .add(c));
        List<Capacity> out = new ArrayList<>();
        for (Map.Entry<String, List<CellSummary>> e : byConfig.entrySet()) {
            CellSummary best = null;
            CellSummary worst = null;
            List<Double> within = new ArrayList<>();
            LATENCY_BOUNDS.forEach(b -> within.add(null));
            for (CellSummary c : e.getValue()) {
                List<Sustainability> verdicts =
                        c.valid().stream().map(RunAnalysis::sustainability).toList();
                if (verdicts.stream().anyMatch(v -> v.verdict() == Verdict.UNSUSTAINABLE)) {
                    worst = worst == null || c.rate() < worst.rate() ? c : worst;
                } else if (!verdicts.isEmpty() && verdicts.stream().allMatch(Sustainability::sustained)) {
                    best = best == null || c.rate() > best.rate() ? c : best;
                    double mean = c.mean(r -> r.event().mean());
                    for (int i = 0; i < LATENCY_BOUNDS.size(); i++) {
                        if (mean <= LATENCY_BOUNDS.get(i) && (within.get(i) == null || c.rate() > within.get(i))) {
                            within.set(i, c.rate());
                        }
                    }
                }
            }
            if (best != null || worst != null) {
                RunInputs in = e.getValue().get(0).representative().in();
                out.add(new Capacity(
                        e.getKey(),
                        in.nodeCount(),
                        best == null ? null : best.rate(),
                        best == null ? null : best.load(),
                        best == null ? null : best.mean(r -> r.event().mean()),
                        worst == null ? null : worst.rate(),
                        worst == null ? null : worst.load(),
                        nullable(within)));
            }
        }
        out.sort(Comparator.comparingInt(Capacity::nodes).thenComparing(Capacity::configuration));
        return out;
    }

    /** List.copyOf refuses nulls: a list that keeps them. */
    private static List<Double> nullable(List<Double> l) {
        return Collections.unmodifiableList(new ArrayList<>(l));
    }
}
