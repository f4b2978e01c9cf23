package io.streamscale.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer a sizing study is for: per configuration (Kafka x Spark nodes), the highest load it sustained and the
 * lowest it did not, over the fault-free cells measured. A load counts as sustained when every valid run of its cell
 * was sustainable, as not sustained when any was unsustainable; cells with no valid verdict say nothing.
 */
public record Capacity(String configuration, Double sustainedRate, String sustainedLoad, Double failedRate, String failedLoad) {

    /** e.g. "10M/10m (16667 msg/s)", or "–" when no load was sustained. */
    public String sustained() {
        return label(sustainedLoad, sustainedRate);
    }

    public String failed() {
        return label(failedLoad, failedRate);
    }

    private static String label(String load, Double rate) {
        if (rate == null) {
            return "–";
        }
        return load.endsWith("msg/s") ? load : load + " (" + WindowsCsv.num(Math.round(rate)) + " msg/s)";
    }

    public static List<Capacity> of(List<CellSummary> cells) {
        Map<String, List<CellSummary>> byConfig = new LinkedHashMap<>();
        cells.stream().filter(c -> !c.hasFaults()).sorted(Comparator.comparing(CellSummary::configuration))
                .forEach(c -> byConfig.computeIfAbsent(c.configuration(), k -> new ArrayList<>()).add(c));
        List<Capacity> out = new ArrayList<>();
        for (Map.Entry<String, List<CellSummary>> e : byConfig.entrySet()) {
            CellSummary best = null;
            CellSummary worst = null;
            for (CellSummary c : e.getValue()) {
                List<String> verdicts = c.valid().stream().map(r -> r.sustainability().verdict()).toList();
                if (verdicts.contains("unsustainable")) {
                    worst = worst == null || c.rate() < worst.rate() ? c : worst;
                } else if (!verdicts.isEmpty() && verdicts.stream().allMatch("sustainable"::equals)) {
                    best = best == null || c.rate() > best.rate() ? c : best;
                }
            }
            if (best != null || worst != null) {
                out.add(new Capacity(e.getKey(), best == null ? null : best.rate(), best == null ? null : best.load(),
                        worst == null ? null : worst.rate(), worst == null ? null : worst.load()));
            }
        }
        return out;
    }
}
