package io.streamscale.results;

import io.streamscale.fault.FaultLog;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's plots (XChart), each written as PNG and SVG into one directory: a run's latency, percentiles and
 * throughput over time (fault strikes and heals marked), and per experiment the seed's figures — latency during the
 * warm-up per configuration, steady-state latency over time per load with ±1 sd bars (the window's variance), one
 * configuration across loads, mean latency per configuration — plus percentiles per configuration.
 */
public final class Plots {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 480;
    private final Path dir;

    public Plots(Path dir) {
        this.dir = dir;
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ResultsException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Event and processing latency per window over the whole run, ±1 sd bars, the steady state's start and faults marked. */
    public Optional<Figure> runLatency(RunAnalysis a, String name) {
        boolean drawn = false;
        XYChart c = xy(
                a.label() + ": latency per " + windowLabel(a) + " window",
                "seconds since the load started",
                "latency (s)");
        List<Window> ws = a.windows();
        drawn |= line(
                c,
                "event latency",
                ws,
                Plots::mid,
                w -> w.event().mean(),
                w -> w.event().sd());
        drawn |= line(
                c,
                "processing latency",
                ws,
                Plots::mid,
                w -> w.processing().mean(),
                w -> w.processing().sd());
        // where a reader sees the rows: their commit (Parquet sink), their arrival from the output topic (Kafka sink)
        drawn |= line(
                c,
                "committed latency",
                ws,
                Plots::mid,
                w -> w.committed().mean(),
                w -> w.committed().sd());
        drawn |= line(
                c,
                "delivered latency",
                ws,
                Plots::mid,
                w -> w.delivered().mean(),
                w -> w.delivered().sd());
        markers(
                c,
                a,
                max(
                        ws,
                        w -> Math.max(
                                w.event().mean() + zero(w.event().sd()),
                                Math.max(
                                        zero(w.committed().mean()
                                                + w.committed().sd()),
                                        zero(w.delivered().mean()
                                                + w.delivered().sd())))));
        return save(
                drawn,
                c,
                name,
                c.getTitle(),
                "Mean per window of generator time, drawn at the window's midpoint; bars: ±1 standard deviation within the window. "
                        + "Event latency ends when a row is handed to the writer; committed latency when it became readable in the output"
                        + " (its batch's or epoch's commit), delivered latency when a reader of the output topic got it (Kafka sink). "
                        + "Dashed: the steady state's start"
                        + (a.in().faults().isEmpty() ? "." : "; faults injected (red) and healed (green)."));
    }

    public Optional<Figure> runPercentiles(RunAnalysis a, String name) {
        boolean drawn = false;
        XYChart c = xy(
                a.label() + ": event latency percentiles per window",
                "seconds since the load started",
                "event latency (s)");
        List<Window> ws = a.windows();
        drawn |= line(c, "p50", ws, Plots::mid, w -> w.event().p50(), null);
        drawn |= line(c, "p95", ws, Plots::mid, w -> w.event().p95(), null);
        drawn |= line(c, "p99", ws, Plots::mid, w -> w.event().p99(), null);
        drawn |= line(c, "max", ws, Plots::mid, w -> w.event().max(), null);
        markers(c, a, max(ws, w -> w.event().max()));
        return save(drawn, c, name, c.getTitle(), "Percentiles of event latency within each window of generator time.");
    }

    public Optional<Figure> runThroughput(RunAnalysis a, String name) {
        boolean drawn = false;
        XYChart c = xy(a.label() + ": throughput", "seconds since the load started", "messages per second");
        List<Window> ws = a.windows();
        drawn |= line(c, "input (by generator time)", ws, Plots::mid, Window::inputPerSecond, null);
        drawn |= line(c, "output (by processed time)", ws, Plots::mid, Window::outputPerSecond, null);
        markers(c, a, max(ws, w -> Math.max(w.inputPerSecond(), w.outputPerSecond())));
        return save(
                drawn,
                c,
                name,
                c.getTitle(),
                "Scored rows per second: input counted by when they were generated, output by when Spark wrote them.");
    }

    /**
     * A ramp run ({@code capacity --ramp}) as the classic curve: each window's mean and p99 event latency against the
     * rate offered at its midpoint, with the linear ramp's low-load level doubled and the estimate marked.
     */
    public Optional<Figure> rampLatency(RunAnalysis a, RampKnee k, String name) {
        return rampLatency(
                a,
                k::offeredAt,
                k.level(),
                k.found() ? k.rate() : Double.NaN,
                "the rate rose linearly from 0 to " + Math.round(k.topRate()) + " msg/s over "
                        + Math.round(k.rampSeconds()) + " s. " + k.describe() + ".",
                name);
    }

    /** A stepped ramp run: the same curve, each step's windows at its rate; the estimate marked. */
    public Optional<Figure> rampLatency(RunAnalysis a, RampSteps r, String name) {
        return rampLatency(
                a,
                r::offeredAt,
                Double.NaN,
                r.found() ? r.rate() : Double.NaN,
                "the rate rose in " + r.steps().size() + " steps to " + Math.round(r.topRate()) + " msg/s. "
                        + r.describe() + ".",
                name);
    }

    private Optional<Figure> rampLatency(
            RunAnalysis a, DoubleUnaryOperator offeredAt, double level, double estimate, String about, String name) {
        XYChart c = xy(
                a.label() + ": event latency as the offered rate rose",
                "offered rate at the window's midpoint (msg/s)",
                "event latency (s)");
        List<Window> ws = a.windows();
        boolean drawn = line(
                c,
                "mean",
                ws,
                w -> offeredAt.applyAsDouble(mid(w)),
                w -> w.event().mean(),
                null);
        drawn |= line(
                c,
                "p99",
                ws,
                w -> offeredAt.applyAsDouble(mid(w)),
                w -> w.event().p99(),
                null);
        if (!Double.isNaN(level)) {
            double top = offeredAt.applyAsDouble(Double.MAX_VALUE);
            XYSeries twice =
                    c.addSeries("twice the low-load level", new double[] {0, top}, new double[] {2 * level, 2 * level});
            twice.setMarker(SeriesMarkers.NONE);
            twice.setLineColor(Color.GRAY);
        }
        if (!Double.isNaN(estimate)) {
            vertical(
                    c,
                    String.format(Locale.ROOT, "estimate %.0f msg/s", estimate),
                    estimate,
                    max(ws, w -> w.event().p99()),
                    Color.RED);
        }
        return save(drawn, c, name, c.getTitle(), "Windows of generator time; " + about);
    }

    /** Seed figure 2: latency during the warm-up (or the first 20% of the load when there is none), one line per cell. */
    public Optional<Figure> warmup(List<CellSummary> cells, boolean event, String name) {
        String what = event ? "event" : "processing";
        boolean drawn = false;
        XYChart c = xy(what + " latency during the warm-up", "seconds since the load started", what + " latency (s)");
        for (CellSummary cell : cells) {
            RunAnalysis a = cell.representative();
            long start = a.in().loadStartMicros();
            long until = a.steady().fromMicros() > start
                    ? a.steady().fromMicros()
                    : start + Math.round((a.in().loadEndMicros() - start) * 0.2);
            List<Window> ws = a.windows().stream()
                    .filter(w -> w.startMicros() < until && w.rows() > 0)
                    .toList();
            drawn |= line(
                    c,
                    cell.title(),
                    ws,
                    Plots::mid,
                    w -> event ? w.event().mean() : w.processing().mean(),
                    null);
        }
        return save(
                drawn,
                c,
                name,
                c.getTitle(),
                "Mean " + what + " latency per window before the steady state, one run per configuration and load.");
    }

    /** Seed figures 3 and 4: steady-state latency over time, one line per configuration, ±1 sd bars. */
    public Optional<Figure> steadyOverTime(List<CellSummary> cells, boolean event, String load, String name) {
        String what = event ? "event" : "processing";
        boolean drawn = false;
        XYChart c = xy(
                what + " latency in the steady state at " + load,
                "seconds since the steady state began",
                what + " latency (s)");
        for (CellSummary cell : cells) {
            RunAnalysis a = cell.representative();
            double t0 = a.steadyStartSeconds();
            List<Window> ws = a.steadyWindows();
            drawn |= line(
                    c,
                    cell.configuration(),
                    ws,
                    w -> mid(w) - t0,
                    w -> event ? w.event().mean() : w.processing().mean(),
                    w -> event ? w.event().sd() : w.processing().sd());
        }
        return save(
                drawn,
                c,
                name,
                c.getTitle(),
                "Mean per window; bars: ±1 standard deviation within the window. One run per configuration.");
    }

    /** Seed figure 5: one configuration at each of its loads, event and processing latency in the steady state. */
    public Optional<Figure> acrossLoads(List<CellSummary> cells, String configuration, String name) {
        boolean drawn = false;
        XYChart c = xy(
                configuration + " (Kafka x Spark nodes) across loads",
                "seconds since the steady state began",
                "latency (s)");
        for (CellSummary cell : cells) {
            RunAnalysis a = cell.representative();
            double t0 = a.steadyStartSeconds();
            List<Window> ws = a.steadyWindows();
            drawn |= line(
                    c,
                    "event " + cell.load(),
                    ws,
                    w -> mid(w) - t0,
                    w -> w.event().mean(),
                    w -> w.event().sd());
            drawn |= line(
                    c,
                    "processing " + cell.load(),
                    ws,
                    w -> mid(w) - t0,
                    w -> w.processing().mean(),
                    w -> w.processing().sd());
        }
        return save(
                drawn,
                c,
                name,
                c.getTitle(),
                "Steady-state latency per window at each load; bars: ±1 standard deviation within the window.");
    }

    /**
     * The classic capacity curve: mean steady-state event latency against offered load, a line per configuration: flat
     * up to the knee, then climbing.
     */
    public Optional<Figure> latencyAgainstLoad(List<CellSummary> cells, String name) {
        XYChart c =
                xy("event latency against offered load", "offered load (msg/s)", "mean steady-state event latency (s)");
        boolean drawn = false;
        Map<String, List<CellSummary>> byConfig = new TreeMap<>();
        cells.forEach(x -> byConfig.computeIfAbsent(x.configuration(), k -> new ArrayList<>())
                .add(x));
        for (var e : byConfig.entrySet()) {
            List<double[]> pts = e.getValue().stream()
                    .map(x -> new double[] {x.rate(), x.mean(r -> r.event().mean())})
                    .filter(p -> p[1] > 0 && !Double.isNaN(p[1]))
                    .sorted(Comparator.comparingDouble(p -> p[0]))
                    .toList();
            if (pts.size() < 2) {
                continue;
            }
            c.addSeries(
                            e.getKey(),
                            pts.stream().mapToDouble(p -> p[0]).toArray(),
                            pts.stream().mapToDouble(p -> p[1]).toArray())
                    .setMarker(SeriesMarkers.CIRCLE);
            drawn = true;
        }
        return save(
                drawn,
                c,
                name,
                c.getTitle(),
                "One point per load run (a capacity search's probes included): the mean of its"
                        + " runs' steady-state means. Configurations with a single load are left out.");
    }

    /** The answer of a sizing study: the highest load each configuration sustained (bars). */
    public Optional<Figure> sustainedRates(List<Capacity> capacities, String name) {
        List<Capacity> known =
                capacities.stream().filter(x -> x.sustainedRate() != null).toList();
        if (known.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart c = bars("highest sustained load per configuration", "Kafka x Spark nodes", "msg/s");
        c.addSeries(
                "sustained",
                known.stream().map(Capacity::configuration).toList(),
                known.stream().map(x -> (Number) x.sustainedRate()).toList());
        return save(
                true,
                c,
                name,
                c.getTitle(),
                "The highest load of each configuration whose every valid run was sustainable"
                        + " (the lowest not sustained is in the capacity table).");
    }

    /** Seed figure 6: mean steady-state latency per configuration (bars), over the valid repetitions (±1 sd between them). */
    public Optional<Figure> scalability(List<CellSummary> cells, String name) {
        CategoryChart c = bars("mean steady-state latency per configuration", "Kafka x Spark nodes", "latency (s)");
        boolean drawn = cells.stream()
                .anyMatch(cell -> !Double.isNaN(cell.mean(r -> r.event().mean())));
        List<String> loads = cells.stream().map(CellSummary::load).distinct().toList();
        List<String> configs = cells.stream()
                .map(CellSummary::configuration)
                .distinct()
                .sorted()
                .toList();
        for (String load : loads) {
            for (boolean event : new boolean[] {true, false}) {
                List<Double> y = new ArrayList<>();
                List<Double> err = new ArrayList<>();
                for (String cfg : configs) {
                    CellSummary cell = cells.stream()
                            .filter(x ->
                                    x.load().equals(load) && x.configuration().equals(cfg))
                            .findFirst()
                            .orElse(null);
                    ToDoubleFunction<RunAnalysis> f =
                            r -> event ? r.event().mean() : r.processing().mean();
                    y.add(cell == null ? 0.0 : zero(cell.mean(f)));
                    err.add(cell == null ? 0.0 : zero(cell.sd(f)));
                }
                c.addSeries((event ? "event " : "processing ") + load, configs, y, err);
            }
        }
        return save(
                drawn,
                c,
                name,
                c.getTitle(),
                "Mean of the runs' steady-state means; error bars: ±1 standard deviation between repetitions "
                        + "(none with a single valid run). A missing configuration shows as 0.");
    }

    /** Percentiles of event latency per configuration and load (the seed had means only). */
    public Optional<Figure> percentiles(List<CellSummary> cells, String name) {
        CategoryChart c = bars("steady-state event latency percentiles", "configuration @ load", "event latency (s)");
        boolean drawn = cells.stream()
                .anyMatch(cell -> !Double.isNaN(cell.mean(r -> r.event().mean())));
        List<String> x = cells.stream().map(CellSummary::title).toList();
        c.addSeries(
                "p50",
                x,
                cells.stream()
                        .map(cell -> zero(cell.mean(r -> r.event().p50())))
                        .toList());
        c.addSeries(
                "p95",
                x,
                cells.stream()
                        .map(cell -> zero(cell.mean(r -> r.event().p95())))
                        .toList());
        c.addSeries(
                "p99",
                x,
                cells.stream()
                        .map(cell -> zero(cell.mean(r -> r.event().p99())))
                        .toList());
        return save(
                drawn,
                c,
                name,
                c.getTitle(),
                "Percentiles of the steady state's rows, averaged over the valid repetitions.");
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart c = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(x)
                .yAxisTitle(y)
                .build();
        c.getStyler()
                .setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal)
                .setMarkerSize(4)
                .setChartBackgroundColor(Color.WHITE);
        return c;
    }

    private static CategoryChart bars(String title, String x, String y) {
        CategoryChart c = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(x)
                .yAxisTitle(y)
                .build();
        c.getStyler()
                .setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal)
                .setChartBackgroundColor(Color.WHITE);
        return c;
    }

    /** A series of the windows where y is defined; NaN sd draws no bar. Nothing when no point is defined. */
    private static boolean line(
            XYChart c,
            String name,
            List<Window> ws,
            ToDoubleFunction<Window> x,
            ToDoubleFunction<Window> y,
            ToDoubleFunction<Window> err) {
        List<double[]> pts = new ArrayList<>();
        for (Window w : ws) {
            double v = y.applyAsDouble(w);
            if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                pts.add(new double[] {x.applyAsDouble(w), v, err == null ? 0 : zero(err.applyAsDouble(w))});
            }
        }
        if (pts.isEmpty()) {
            return false;
        }
        double[] xs = pts.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = pts.stream().mapToDouble(p -> p[1]).toArray();
        String unique = name;
        for (int i = 2; c.getSeriesMap().containsKey(unique); i++) {
            unique = name + " (" + i + ")";
        }
        XYSeries s = c.addSeries(unique, xs, ys);
        s.setMarker(SeriesMarkers.CIRCLE);
        double[][] bars = err == null
                ? null
                : sdBars(xs, ys, pts.stream().mapToDouble(p -> p[2]).toArray());
        if (bars != null && bars[0].length > 0) {
            // XChart's error bars are symmetric and would reach below 0 s; drawn as a series of their own they stop at
            // 0
            Color[] palette = c.getStyler().getSeriesColors();
            long main = c.getSeriesMap().keySet().stream()
                    .filter(k -> !k.endsWith(SD_SUFFIX))
                    .count();
            Color color = palette[(int) ((main - 1) % palette.length)];
            s.setLineColor(color);
            s.setMarkerColor(color);
            XYSeries b = c.addSeries(unique + SD_SUFFIX, bars[0], bars[1]);
            b.setMarker(SeriesMarkers.NONE);
            b.setLineColor(color);
            b.setLineStyle(new BasicStroke(1f));
            b.setShowInLegend(false);
        }
        return true;
    }

    /** Names a series of ±1 sd bars after its line's series. */
    private static final String SD_SUFFIX = " ±1 sd";

    /**
     * Vertical bars from {@code max(0, y - sd)} to {@code y + sd} at each x, as one line series broken by NaN (XChart
     * leaves a gap there): latency is never negative, so neither is a bar. {x, y} arrays; no bar where sd is 0.
     */
    static double[][] sdBars(double[] xs, double[] ys, double[] sds) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (sds[i] > 0) {
                pts.add(new double[] {xs[i], Math.max(0, ys[i] - sds[i])});
                pts.add(new double[] {xs[i], ys[i] + sds[i]});
                pts.add(new double[] {xs[i], Double.NaN});
            }
        }
        return new double[][] {
            pts.stream().mapToDouble(p -> p[0]).toArray(),
            pts.stream().mapToDouble(p -> p[1]).toArray()
        };
    }

    /** Vertical lines: the steady state's start (grey) and each fault strike (red) and heal (green). */
    private static void markers(XYChart c, RunAnalysis a, double top) {
        if (Double.isNaN(top) || top <= 0) {
            top = 1;
        }
        double steady = a.steadyStartSeconds();
        if (steady > 0) {
            vertical(c, "steady state from", steady, top, Color.GRAY);
        }
        for (RunAnalysis.Marker m : a.faultMarkers()) {
            vertical(
                    c,
                    m.label() + String.format(Locale.ROOT, " (%.0f s)", m.t()),
                    m.t(),
                    top,
                    m.phase().equals(FaultLog.INJECT) ? Color.RED : new Color(0, 150, 0));
        }
    }

    private static void vertical(XYChart c, String name, double x, double top, Color color) {
        String unique = name;
        for (int i = 2; c.getSeriesMap().containsKey(unique); i++) {
            unique = name + " (" + i + ")";
        }
        XYSeries s = c.addSeries(unique, new double[] {x, x}, new double[] {0, top});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }

    /** Nothing is drawn (and no figure listed) when no series has a point: e.g. runs that scored nothing. */
    private Optional<Figure> save(boolean drawn, Chart<?, ?> c, String name, String title, String caption) {
        if (!drawn) {
            return Optional.empty();
        }
        String base = dir.resolve(name).toString();
        try {
            BitmapEncoder.saveBitmap(c, base, BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(c, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new ResultsException("cannot write the plot " + base + ".png/.svg: " + e.getMessage(), e);
        }
        return Optional.of(new Figure(name, title, caption));
    }

    /** Windows are drawn at their midpoint, so that a marker at a time falls inside the window it affected. */
    private static double mid(Window w) {
        return w.t() + w.seconds() / 2;
    }

    private static double max(List<Window> ws, ToDoubleFunction<Window> f) {
        return ws.stream()
                .mapToDouble(f)
                .filter(d -> !Double.isNaN(d) && !Double.isInfinite(d))
                .max()
                .orElse(1);
    }

    /** 0 for no value: bars and error bars need a number. */
    private static double zero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    private static String windowLabel(RunAnalysis a) {
        return a.windows().isEmpty()
                ? "10 s"
                : WindowsCsv.num(a.windows().get(0).seconds()) + " s";
    }
}
