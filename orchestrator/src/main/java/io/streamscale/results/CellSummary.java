package io.streamscale.results;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * One configuration at one load in one experiment, across its repetitions: each figure is the mean over the valid
 * runs, with the standard deviation between them; invalid runs are counted but not averaged in.
 */
public record CellSummary(
        String experiment, String cell, String configuration, double rate, String load, List<RunAnalysis> runs) {

    public List<RunAnalysis> valid() {
        return runs.stream().filter(RunAnalysis::valid).toList();
    }

    public double mean(ToDoubleFunction<RunAnalysis> f) {
        return valid().stream()
                .mapToDouble(f)
                .filter(d -> !Double.isNaN(d))
                .average()
                .orElse(Double.NaN);
    }

    /** Sample standard deviation between the valid runs (NaN with fewer than two). */
    public double sd(ToDoubleFunction<RunAnalysis> f) {
        double[] v =
                valid().stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = Arrays.stream(v).average().orElse(0);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    public long sum(ToLongFunction<RunAnalysis> f) {
        return runs.stream().mapToLong(f).sum();
    }

    /** e.g. "2 sustainable, 1 invalid". */
    public String verdicts() {
        return verdicts(runs);
    }

    /** How many runs got each verdict, e.g. "2 sustainable, 1 invalid". */
    static String verdicts(List<RunAnalysis> runs) {
        Map<String, Long> by = runs.stream()
                .collect(Collectors.groupingBy(
                        r -> r.sustainability().verdict().toString(), TreeMap::new, Collectors.counting()));
        return by.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** The first valid run (else the first), for plots of one run per cell. */
    public RunAnalysis representative() {
        return valid().isEmpty() ? runs.get(0) : valid().get(0);
    }

    public boolean hasFaults() {
        return runs.stream().anyMatch(r -> !r.in().faults().isEmpty());
    }

    public String title() {
        return configuration + " @ " + load;
    }
}
