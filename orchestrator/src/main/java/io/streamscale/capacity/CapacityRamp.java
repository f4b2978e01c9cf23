package io.streamscale.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.AtomicFiles;
import io.streamscale.common.Durations;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Located;
import io.streamscale.manifest.Schema;
import io.streamscale.results.RunDirectory;
import io.streamscale.study.CellRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The faster estimate ({@code capacity --ramp}): one run per configuration whose offered rate rises from 0 to
 * {@code capacity.max}, linearly or in steps, judged from its windows ({@code results/RampKnee}, {@code RampSteps});
 * the estimates go to {@code results/EXPERIMENT/capacity-ramp.json}.
 */
public final class CapacityRamp {
    private CapacityRamp() {}

    /** The flat part at the top rate after a ramp run's ramp (a few windows where the top rate holds). */
    static final Duration RAMP_TAIL = Duration.ofSeconds(20);

    /**
     * A configuration's ramp run: its cell at {@code capacity.max}, the rate rising from 0 over {@code rampFor} (as its
     * warm-up and ramp) linearly ({@code steps} 0) or in {@code steps} equal steps, then {@link #RAMP_TAIL} at the top
     * rate; named {@code CONFIG_ramp_MAXps} or {@code CONFIG_ramp_Ssteps_MAXps}, so the report keeps it apart from the
     * configuration's probes.
     */
    public static Cell rampCell(Cell c, Duration rampFor, int steps) {
        long top = Math.round(c.get(Schema.CAPACITY_MAX));
        Map<String, Located> s = new HashMap<>(c.atRate(top, 1, 1).settings());
        String ramp = Durations.format(rampFor);
        s.put("warmup", new Located(rampFor, ramp, 0, 0));
        s.put("rampUp", new Located(rampFor, ramp, 0, 0));
        s.put("duration", new Located(RAMP_TAIL, Durations.format(RAMP_TAIL), 0, 0));
        s.put("rampSteps", new Located(steps, String.valueOf(steps), 0, 0));
        return new Cell(
                c.experiment(),
                c.configuration() + "_ramp_" + (steps > 0 ? steps + "steps_" : "") + top + "ps",
                1,
                1,
                Map.copyOf(s));
    }

    /**
     * The faster estimate: one ramp run per configuration ({@link #rampCell}); its summary's {@code rampKnee} (made where
     * the run is analysed) is the answer. Written to {@code results/EXPERIMENT/capacity-ramp.json}.
     *
     * @return the configurations whose ramp run gave no estimate
     */
    public static int ramp(
            List<Cell> cells,
            CellRunner runner,
            Path results,
            boolean resume,
            Duration rampFor,
            int steps,
            PrintWriter out) {
        int missing = 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Cell c : CapacityStudy.configurations(cells)) {
            Cell r = rampCell(c, rampFor, steps);
            out.printf(
                    "ramp of %s/%s: 0 to %.0f msg/s over %s%s, then %s at the top%n",
                    c.experiment(),
                    c.configuration(),
                    r.rate(),
                    Durations.format(rampFor),
                    steps > 0 ? " in " + steps + " steps" : " linearly",
                    Durations.format(RAMP_TAIL));
            out.flush();
            runner.runAll(List.of(r), resume);
            RunDirectory d = CellRunner.dirOf(results, r);
            JsonNode knee = CapacityStudy.read(d.summaryJson()).path("rampKnee");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("configuration", c.configuration());
            row.put("nodes", c.nodeCount());
            row.put("run", results.relativize(d.root()).toString());
            if (knee.isMissingNode()) {
                missing++;
                row.put("answer", null);
                out.printf(
                        "  %s: no estimate (the run did not complete, or was not analysed: see %s)%n",
                        c.configuration(), d.root());
            } else {
                row.put("found", knee.path("found").asBoolean());
                row.put("rate", knee.path("rate").asLong());
                if (knee.has("above")) {
                    row.put("above", knee.path("above").asLong());
                }
                row.put("answer", knee.path("answer").asText());
                if (knee.has("steps")) {
                    row.put("steps", knee.path("steps"));
                }
                out.printf("  %s: %s%n", c.configuration(), knee.path("answer").asText());
                for (JsonNode st : knee.path("steps")) {
                    double deficit = st.path("deficit").asDouble();
                    out.printf(
                            Locale.ROOT,
                            "    step %6d msg/s: %-12s output %4.1f%% %s input, mean event latency %.2f s%n",
                            st.path("rate").asLong(),
                            !st.path("judged").asBoolean(true)
                                    ? "not judged,"
                                    : st.path("keptUp").asBoolean() ? "kept up," : "not kept up,",
                            Math.abs(deficit) * 100,
                            deficit < 0 ? "above" : "below",
                            st.path("meanEventLatency").asDouble());
                }
            }
            out.flush();
            rows.add(row);
            try {
                AtomicFiles.writeJson(
                        results.resolve(c.experiment()).resolve("capacity-ramp.json"), Map.of("rampEstimates", rows));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return missing;
    }
}
