package io.streamscale.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.fault.FaultLog;
import io.streamscale.jobs.generator.SeqRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

/**
 * Everything the report says about one run: its windows, the steady state's latencies, the accounting, whether it
 * measured the pipeline at all (valid), the sustainability verdict and, for fault runs, what each fault cost.
 *
 * @param invalidBecause why the run does not measure the pipeline, or null
 * @param recovery       per successful strike: {@link Recovery}'s figures plus the messages (by intended send time, from
 *                       the strike to the next one or the end of the load) not scored, and duplicated; where the
 *                       generators recorded their acked seqs, also those acked ({@code ackedAfter}) and the acked ones
 *                       never scored ({@code lostAfter})
 * @param missingFiles   committed Parquet files listed by the sink's log but absent (results incomplete)
 * @param committed      committed latency over the steady state: when each row became readable (EMPTY: no commit times)
 * @param delivered      delivered latency over the steady state (Kafka sink): when the output topic's reader got each row
 * @param clockCaveat    why the nodes' clocks (offset, drift or bound) leave this run's latencies uncertain, or null
 */
public record RunAnalysis(
        RunInputs in,
        SteadyState steady,
        List<Window> windows,
        LatencyStats event,
        LatencyStats processing,
        LatencyStats ingest,
        LatencyStats committed,
        LatencyStats delivered,
        Accounting accounting,
        String invalidBecause,
        Sustainability sustainability,
        ArrayNode recovery,
        Backlog.Series backlog,
        List<String> missingFiles,
        String clockCaveat) {

    public static RunAnalysis of(RunDirectory dir, ReportOptions o) {
        RunInputs in = RunInputs.read(dir);
        SteadyState steady = SteadyState.of(in, o.trim());
        SinkFiles files = SinkFiles.of(dir.output());
        long width = o.window().toNanos() / 1000;
        try (ScoredRows rows =
                ScoredRows.open(files.files(), o.memoryLimit(), in.rowClocks(), ReadableAt.of(in, files.files()))) {
            List<Window> windows = rows.windows(in.loadStartMicros(), width);
            List<LatencyStats> lat = rows.latencies(steady.fromMicros(), steady.toMicros());
            Accounting acc = accounting(in.generators(), rows);
            Backlog.Series backlog = Backlog.of(in, windows);
            int struck = (int) in.faults().stream().filter(FaultLog::struck).count();
            Sustainability verdict = Sustainability.judge(
                    steadyWindows(windows, steady),
                    backlog.steady(steady.fromMicros(), steady.toMicros(), in.generators(), windows),
                    in.rate(),
                    steady.seconds(),
                    struck,
                    o.thresholds(),
                    notMeasured(in),
                    loadShort(in, o),
                    machineBusy(in, o.maxOtherShare()));
            String invalid = verdict.verdict() == Verdict.INVALID ? verdict.reason() : null;
            ArrayNode recovery = recovery(in, windows, width / 1000, rows);
            return new RunAnalysis(
                    in,
                    steady,
                    windows,
                    lat.get(0),
                    lat.get(1),
                    lat.get(2),
                    lat.get(3),
                    lat.get(4),
                    acc,
                    invalid,
                    verdict,
                    recovery,
                    backlog,
                    files.missing(),
                    in.clocks().caveat(lat.get(0).mean(), o.maxClockShare()));
        }
    }

    private static Accounting accounting(List<GeneratorFigures> gens, ScoredRows rows) {
        ScoredRows.Counts c = rows.counts();
        long sent = GeneratorFigures.sum(gens, GeneratorFigures::sent);
        long acked = GeneratorFigures.sum(gens, GeneratorFigures::acked);
        long failed = GeneratorFigures.sum(gens, GeneratorFigures::failed);
        List<ScoredRows.AckedRange> ranges = ackedRanges(gens, Long.MIN_VALUE, Long.MAX_VALUE);
        return ranges == null
                ? Accounting.fromCounts(sent, acked, failed, c)
                : Accounting.fromSets(sent, acked, failed, c, rows.acked(ranges));
    }

    /**
     * Every instance's acked seqs among its messages intended in [from, to); null when some summary has no ranges (or
     * there are none), as a set that leaves out one instance's acks would call them lost.
     */
    private static List<ScoredRows.AckedRange> ackedRanges(
            List<GeneratorFigures> gens, long fromMicros, long toMicros) {
        List<ScoredRows.AckedRange> out = new ArrayList<>();
        for (GeneratorFigures g : gens) {
            List<SeqRange> mine = g.ackedBetween(fromMicros, toMicros);
            if (mine == null) {
                return null;
            }
            mine.forEach(r -> out.add(new ScoredRows.AckedRange(g.id(), r.from(), r.to())));
        }
        return gens.isEmpty() ? null : out;
    }

    /** Null when the run ran to its end with generators that reported; else why it measured nothing to judge. */
    static String notMeasured(RunInputs in) {
        List<String> why = new ArrayList<>();
        if (RunStatus.of(in.status()) != RunStatus.COMPLETE) {
            why.add("the run is " + in.status()
                    + (in.run().hasNonNull("reason")
                            ? " (" + in.run().path("reason").asText() + ")"
                            : ""));
        }
        if (in.generators().isEmpty()) {
            why.add("no generator summaries");
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /** Null when the generators offered the load as planned; else how they fell short (behind schedule, or fewer sent). */
    static String loadShort(RunInputs in, ReportOptions o) {
        if (in.generators().isEmpty()) {
            return null;
        }
        List<String> why = new ArrayList<>();
        GeneratorFigures worst = in.generators().stream()
                .max(Comparator.comparingLong(GeneratorFigures::behindP99Micros))
                .orElseThrow();
        if (worst.behindP99Micros() > o.maxBehind().toNanos() / 1000) {
            why.add(String.format(
                    Locale.ROOT,
                    "the generator fell behind its schedule: p99 %.2f s on generator %d (%s); limit %.2f s",
                    worst.behindP99Micros() / 1e6,
                    worst.id(),
                    worst.node(),
                    o.maxBehind().toMillis() / 1000.0));
        }
        long planned = GeneratorFigures.sum(in.generators(), GeneratorFigures::planned);
        long sent = GeneratorFigures.sum(in.generators(), GeneratorFigures::sent);
        if (sent < planned) {
            why.add("the generators sent " + sent + " of " + planned + " planned messages");
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /**
     * Null when no machine of the run gave more than {@code maxShare} of its cores to other work and its hypervisor over
     * the steady state (or run.json does not say); else which did, with the figures.
     */
    static String machineBusy(RunInputs in, double maxShare) {
        List<String> busy = new ArrayList<>();
        for (JsonNode m : in.machineLoad()) {
            int cores = m.path("cores").asInt(0);
            double taken =
                    m.path("otherCores").asDouble(0) + m.path("stealCores").asDouble(0);
            if (cores > 0 && taken > maxShare * cores) {
                busy.add(String.format(
                        Locale.ROOT,
                        "%s gave %.2f of its %d cores to other work and %.2f to its"
                                + " hypervisor over the steady state (limit %.0f%% of its cores)",
                        m.path("machine").asText(),
                        m.path("otherCores").asDouble(0),
                        cores,
                        m.path("stealCores").asDouble(0),
                        maxShare * 100));
            }
        }
        return busy.isEmpty() ? null : String.join("; ", busy);
    }

    private static ArrayNode recovery(RunInputs in, List<Window> windows, long widthMillis, ScoredRows rows) {
        List<Recovery.Strike> strikes = Recovery.strikes(in.faults());
        ArrayNode out = Recovery.compute(
                windows.stream().map(Recovery.Window::of).toList(),
                widthMillis,
                strikes,
                Math.round(in.warmupSeconds() * 1000));
        for (int i = 0; i < strikes.size(); i++) {
            long from = strikes.get(i).atMillis() * 1000;
            long to = i + 1 < strikes.size() ? strikes.get(i + 1).atMillis() * 1000 : in.loadEndMicros();
            ScoredRows.Counts c = rows.counts(from, to);
            long sent = 0;
            for (GeneratorFigures g : in.generators()) {
                sent += g.sentBetween(from, to);
            }
            ObjectNode r = (ObjectNode) out.get(i);
            r.put("sentAfter", sent);
            // exact as it is: scored messages are a subset of the sent ones, so no failed ack can mask a missing
            // message
            r.put("notScoredAfter", Math.max(0, sent - c.distinct()));
            List<ScoredRows.AckedRange> acked = ackedRanges(in.generators(), from, to);
            if (acked != null) {
                ScoredRows.AckedCounts s = rows.acked(acked);
                r.put("ackedAfter", s.acked());
                r.put("lostAfter", s.lost());
            }
            r.put("duplicatedAfter", c.duplicates());
            r.put("countedUntil", Instant.ofEpochMilli(to / 1000).toString());
        }
        return out;
    }

    /** Fault strikes that struck and heals that healed, for timelines: (seconds since the load started, label). */
    public List<Marker> faultMarkers() {
        List<Marker> out = new ArrayList<>();
        long start = in.loadStartMicros();
        for (JsonNode f : in.faults()) {
            String phase = f.path("phase").asText();
            if ((FaultLog.struck(f) || FaultLog.healed(f)) && f.hasNonNull("time")) {
                double t = (Instant.parse(f.path("time").asText()).toEpochMilli() * 1000 - start) / 1e6;
                out.add(new Marker(
                        t,
                        phase,
                        phase + " " + f.path("action").asText() + " "
                                + f.path("service").asText() + " on "
                                + f.path("node").asText()));
            }
        }
        return out;
    }

    public record Marker(double t, String phase, String label) {}

    public String label() {
        String e = in.experiment();
        return (e.isEmpty() ? "" : e + "/") + in.cell() + (e.isEmpty() ? "" : "/rep-" + in.repetition());
    }

    /** The furthest any generator instance fell behind its schedule, p99 and max, in seconds (NaN without summaries). */
    public double generatorBehindP99Seconds() {
        return worstGenerator(GeneratorFigures::behindP99Micros);
    }

    public double generatorBehindMaxSeconds() {
        return worstGenerator(GeneratorFigures::behindMaxMicros);
    }

    private double worstGenerator(ToLongFunction<GeneratorFigures> micros) {
        OptionalLong m = in.generators().stream().mapToLong(micros).max();
        return m.isPresent() ? m.getAsLong() / 1e6 : Double.NaN;
    }

    /** The windows wholly in the steady state that hold input. */
    public List<Window> steadyWindows() {
        return steadyWindows(windows, steady);
    }

    private static List<Window> steadyWindows(List<Window> windows, SteadyState steady) {
        return windows.stream().filter(steady::holds).filter(w -> w.rows() > 0).toList();
    }

    /** Seconds from the load's start to the steady state's. */
    public double steadyStartSeconds() {
        return (steady.fromMicros() - in.loadStartMicros()) / 1e6;
    }

    /** Messages per second generated in the steady state and scored. */
    public double steadyThroughput() {
        return event.count() / Math.max(1e-9, steady.seconds());
    }

    public boolean valid() {
        return invalidBecause == null;
    }
}
