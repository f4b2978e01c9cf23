package io.streamscale.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.capacity.CapacitySearch.Bounds;
import io.streamscale.capacity.CapacitySearch.Probe;
import io.streamscale.capacity.CapacitySearch.Result;
import io.streamscale.capacity.CapacitySearch.Verdict;
import io.streamscale.common.Durations;
import io.streamscale.common.Json;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Plan;
import io.streamscale.manifest.Schema;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunStatus;
import io.streamscale.results.Summary;
import io.streamscale.results.Sustainability;
import io.streamscale.study.CellRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A capacity search over an experiment's configurations (its cells less their load): for each, {@link CapacitySearch}
 * with probes that are ordinary runs of the configuration at a rate ({@link Cell#atRate}), run by the study's
 * {@link CellRunner} in its reservation, into {@code results/EXPERIMENT/CONFIGURATION_RATEps/rep-N}; a resumed
 * search finds its finished probes there. The answers go to {@code results/EXPERIMENT/capacity.json}.
 */
public final class CapacityStudy {
    private CapacityStudy() {}

    /** One cell per configuration (the first of each), in the experiment's order. */
    public static List<Cell> configurations(List<Cell> cells) {
        Map<String, Cell> first = new LinkedHashMap<>();
        cells.forEach(c -> first.putIfAbsent(c.configuration(), c));
        return List.copyOf(first.values());
    }

    /** The search's bounds from the cell's {@code capacity.*} settings. */
    public static Bounds bounds(Cell c) {
        return new Bounds(
                c.get(Schema.CAPACITY_FROM),
                c.get(Schema.CAPACITY_MIN),
                c.get(Schema.CAPACITY_MAX),
                c.get(Schema.CAPACITY_GROWTH),
                c.get(Schema.CAPACITY_PRECISION),
                c.get(Schema.CAPACITY_MAX_PROBES),
                c.get(Schema.CAPACITY_MAX_LATENCY) == null
                        ? null
                        : (c.get(Schema.CAPACITY_MAX_LATENCY)).toMillis() / 1000.0);
    }

    /**
     * What a configuration's search may take: at most {@code runs} runs (probes without repeats, times the repetitions),
     * each about {@code each}; {@code all} and {@code nodeHours} for all of them.
     */
    public record Estimate(Bounds bounds, int runs, Duration each, Duration all, int nodes, double nodeHours) {
        /** One line for `plan` and `capacity --plan`. */
        public String describe(String configurationLabel) {
            return String.format(
                    Locale.ROOT,
                    "%s: %d to %d msg/s, up to %d run(s) of about %s (a probe looked at twice -"
                            + " inconclusive, failed or at the edge - adds one, to at most capacity.maxProbes %d): %s on %d node(s),"
                            + " %.1f node-hours",
                    configurationLabel,
                    Math.round(bounds.from()),
                    Math.round(bounds.max()),
                    runs,
                    Durations.format(each),
                    bounds.maxProbes(),
                    Durations.format(all),
                    nodes,
                    nodeHours);
        }
    }

    /** The estimate of a configuration's search from its {@code capacity.*} settings and the run-time estimates of `plan`. */
    public static Estimate estimate(Cell configuration) {
        Bounds b = bounds(configuration);
        int runs = CapacitySearch.probesAtMost(b) * configuration.get(Schema.CAPACITY_REPETITIONS);
        Duration each = Plan.runTime(configuration);
        Duration all = each.multipliedBy(runs);
        return new Estimate(
                b, runs, each, all, configuration.nodeCount(), all.toSeconds() / 3600.0 * configuration.nodeCount());
    }

    /** Whether the experiment of these cells sets any {@code capacity.*} key (then `plan` shows its search). */
    public static boolean searched(List<Cell> cells) {
        return cells.stream()
                .anyMatch(c -> c.settings().entrySet().stream()
                        .anyMatch(e -> e.getKey().startsWith("capacity.")
                                && e.getValue().line() > 0));
    }

    /**
     * Searches every configuration in turn, printing each probe and answer to {@code out}.
     *
     * @return the answers, also written to {@code results/EXPERIMENT/capacity.json}
     */
    public static List<CapacityAnswer> search(
            List<Cell> cells, CellRunner runner, Path results, boolean resume, PrintWriter out) {
        List<CapacityAnswer> answers = new ArrayList<>();
        for (Cell c : configurations(cells)) {
            Bounds b = bounds(c);
            int reps = c.get(Schema.CAPACITY_REPETITIONS);
            out.printf(
                    "capacity of %s/%s: from %d msg/s, x%.2f until not sustained%s, then halving the bracket to %.0f%%"
                            + " (at most %d probes of %d run(s))%n",
                    c.experiment(),
                    c.configuration(),
                    Math.round(b.from()),
                    b.growth(),
                    b.maxLatencySeconds() == null
                            ? ""
                            : String.format(Locale.ROOT, " (or over %.2f s mean event latency)", b.maxLatencySeconds()),
                    b.precision() * 100,
                    b.maxProbes(),
                    reps);
            out.flush();
            Map<Long, Integer> asked = new LinkedHashMap<>();
            Result r = CapacitySearch.run(b, rate -> {
                int round = asked.merge(rate, 1, Integer::sum) - 1; // a repeated probe runs new repetitions
                List<Cell> runs = new ArrayList<>();
                for (int i = 1; i <= reps; i++) {
                    runs.add(c.atRate(rate, round * reps + i, (round + 1) * reps));
                }
                runner.runAll(runs, resume);
                Probe p = judge(
                        rate,
                        runs.stream().map(x -> CellRunner.dirOf(results, x)).toList());
                out.printf(
                        "  probe %d msg/s: %s%s%n",
                        rate, p.verdict().name().toLowerCase(Locale.ROOT), p.why() == null ? "" : " (" + p.why() + ")");
                out.flush();
                return p;
            });
            CapacityAnswer a = new CapacityAnswer(c.configuration(), c.nodeCount(), b, r);
            answers.add(a);
            out.println("  " + a.describe());
            out.flush();
            CapacityAnswer.write(results.resolve(c.experiment()).resolve("capacity.json"), answers);
        }
        if (answers.size() > 1) { // which configuration for a load: the fewest nodes that sustain it
            out.println("by nodes (the first that sustains a load is the smallest configuration for it):");
            answers.stream()
                    .sorted(Comparator.comparingInt(CapacityAnswer::nodes)
                            .thenComparing(a -> a.result().sustained() == null
                                    ? 0
                                    : -a.result().sustained()))
                    .forEach(a -> out.printf("  %2d nodes  %s%n", a.nodes(), a.describe()));
            out.flush();
        }
        return answers;
    }

    /**
     * A probe's verdict from its runs: sustained when every run was, not when any was unsustainable; its latency is the
     * worst run's (the highest steady mean event latency), which {@code capacity.maxLatency} bounds.
     */
    static Probe judge(long rate, List<RunDirectory> runs) {
        List<Verdict> verdicts = new ArrayList<>();
        boolean tooSlow = false;
        boolean keptUp = false;
        boolean flat = false;
        List<String> why = new ArrayList<>();
        Double worstMean = null;
        int means = 0;
        Double backlog = null;
        for (RunDirectory d : runs) {
            JsonNode run = read(d.runJson());
            Summary.SteadyState steady = summary(d).map(Summary::steadyState).orElse(null);
            if (RunStatus.of(run.path("status").asText()) != RunStatus.COMPLETE
                    || steady == null
                    || steady.verdict() == null) {
                verdicts.add(Verdict.FAILED);
                why.add(d.root().getFileName() + ": "
                        + (run.isMissingNode()
                                ? "did not run"
                                : run.path("status").asText("not run")
                                        + (run.path("reason").isTextual()
                                                ? ": " + run.path("reason").asText()
                                                : "")));
                continue;
            }
            boolean inconclusive = steady.is(io.streamscale.results.Verdict.INCONCLUSIVE);
            String cause = steady.verdictCause();
            tooSlow |= inconclusive && Sustainability.LATENCY_SHARE.equals(cause);
            if (inconclusive && (Sustainability.FALLING.equals(cause) || Sustainability.DRAINING.equals(cause))) {
                keptUp = true;
                verdicts.add(Verdict.KEPT_UP);
            } else if (inconclusive && Sustainability.LATENCY_SHARE_BACKLOG_FLAT.equals(cause)) {
                flat = true;
                verdicts.add(Verdict.FLAT_BUT_SLOW);
            } else {
                verdicts.add(
                        steady.is(io.streamscale.results.Verdict.SUSTAINABLE)
                                ? Verdict.SUSTAINABLE
                                : steady.is(io.streamscale.results.Verdict.UNSUSTAINABLE)
                                        ? Verdict.UNSUSTAINABLE
                                        : Verdict.INCONCLUSIVE); // inconclusive or invalid: cannot tell
            }
            if (steady.verdictReason() != null) {
                why.add(steady.verdictReason());
            } else if (steady.invalidBecause() != null) {
                why.add(steady.invalidBecause());
            }
            if (steady.backlogAtSteadyStartSeconds() != null) {
                backlog = Math.max(backlog == null ? 0 : backlog, steady.backlogAtSteadyStartSeconds());
            }
            if (steady.eventLatency() != null && steady.eventLatency().mean() != null) {
                worstMean = Math.max(
                        worstMean == null ? 0 : worstMean, steady.eventLatency().mean());
                means++;
            }
        }
        return new Probe(
                rate,
                probeVerdict(verdicts, keptUp, flat, tooSlow),
                why.isEmpty() ? null : String.join("; ", why),
                worstMean,
                backlog,
                means);
    }

    /** A probe's verdict from its runs' (each a probe verdict of its own). */
    private static Verdict probeVerdict(List<Verdict> runs, boolean keptUp, boolean flat, boolean tooSlow) {
        if (runs.contains(Verdict.UNSUSTAINABLE)) {
            return Verdict.UNSUSTAINABLE;
        }
        if (runs.stream().allMatch(Verdict.SUSTAINABLE::equals)) {
            return Verdict.SUSTAINABLE;
        }
        if (!flat && keptUp && runs.stream().allMatch(v -> v == Verdict.SUSTAINABLE || v == Verdict.KEPT_UP)) {
            return Verdict.KEPT_UP;
        }
        if (flat
                && runs.stream()
                        .allMatch(
                                v -> v == Verdict.SUSTAINABLE || v == Verdict.KEPT_UP || v == Verdict.FLAT_BUT_SLOW)) {
            return Verdict.FLAT_BUT_SLOW;
        }
        if (runs.stream().allMatch(Verdict.FAILED::equals)) {
            return Verdict.FAILED;
        }
        // a longer probe could tell a too-slow one; this one again could not. Otherwise: cannot tell
        return tooSlow ? Verdict.TOO_SLOW_TO_JUDGE : Verdict.INCONCLUSIVE;
    }

    private static Optional<Summary> summary(RunDirectory d) {
        try {
            return Summary.read(d.summaryJson());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: the probe's run counts as failed
        }
    }

    static JsonNode read(Path f) {
        try {
            return Files.isRegularFile(f) ? Json.MAPPER.readTree(f.toFile()) : Json.MAPPER.missingNode();
        } catch (IOException e) {
            return Json.MAPPER.missingNode(); // a torn file: the run counts as failed
        }
    }
}
