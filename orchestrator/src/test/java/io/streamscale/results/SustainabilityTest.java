package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers for the verdict on series shaped as the 2-core machine's runs far above capacity are. */
class SustainabilityTest {
    private static final long S = 1_000_000;

    /** Six 10 s windows whose mean event latency is {@code latencies}[i], 1000 rows each. */
    private static List<Window> windows(double... latencies) {
        List<Window> out = new ArrayList<>();
        for (int i = 0; i < latencies.length; i++) {
            LatencyStats l = new LatencyStats(1000, latencies[i], 0.01, latencies[i], latencies[i], latencies[i], latencies[i]);
            out.add(new Window((30 + 10L * i) * S, 30 + 10 * i + 5, 10, 1000, 1000, l, l, l));
        }
        return out;
    }

    @Test
    void hugeBatchesThatSawTheLatencyDownStillShowTheBacklogGrowing() {
        // 200 000 msg/s offered, ~60 000 scored: micro-batches of 40 s; inside each the latency falls as newer rows come,
        // so the windows' trend is falling; only three batch ends bracket the steady state [30 s, 90 s]
        Backlog.Series series = new Backlog.Series("progress", List.of(
                new Backlog.Point(5 * S, 1_000_000, 0), new Backlog.Point(25 * S, 5_000_000, 1_500_000),
                new Backlog.Point(65 * S, 13_000_000, 4_000_000), new Backlog.Point(105 * S, 18_000_000, 6_400_000)));
        List<Backlog.Point> steady = series.spanning(30 * S, 90 * S);
        assertEquals(List.of(25 * S, 65 * S, 105 * S), steady.stream().map(Backlog.Point::atMicros).toList(),
                "the batch end before, inside and after");
        Sustainability v = Sustainability.judge(windows(70, 66, 62, 58, 54, 50), steady, 200_000, 60, 0,
                Sustainability.Thresholds.DEFAULT, null, "the generator fell behind its schedule: p99 7.43 s");
        assertEquals("unsustainable", v.verdict(), v.reason());
        assertTrue(v.reason().startsWith("the backlog grows"), v.reason());
        assertTrue(v.reason().contains("the generator fell behind its schedule: p99 7.43 s"), v.reason());
        assertTrue(v.backlogGrowthFraction() > 0.5, "~ 110 000 msg/s of 200 000: " + v.backlogGrowthFraction());
    }

    @Test
    void twoBatchEndsAroundTheSteadyStateAreEnoughWhenTheBacklogGrewByMillions() {
        // one batch of 80 s: the only points are before and after; no t-test with two points, but 8 million more unscored
        List<Backlog.Point> two = new Backlog.Series("progress", List.of(new Backlog.Point(25 * S, 5_000_000, 1_500_000),
                new Backlog.Point(105 * S, 18_000_000, 6_400_000))).spanning(30 * S, 90 * S);
        assertEquals(2, two.size());
        Sustainability v = Sustainability.judge(windows(70, 66, 62, 58, 54, 50), two, 200_000, 60, 0,
                Sustainability.Thresholds.DEFAULT, null, null);
        assertEquals("unsustainable", v.verdict(), v.reason());
        // and a backlog that grew by less than 5 s of load is no evidence: a flat series of a healthy run is not judged so
        List<Backlog.Point> small = List.of(new Backlog.Point(25 * S, 125_000, 120_000), new Backlog.Point(95 * S, 475_000, 460_000));
        assertEquals("sustainable", Sustainability.judge(windows(1.0, 1.1, 0.9, 1.0, 1.05, 0.95), small, 5000, 60, 0,
                Sustainability.Thresholds.DEFAULT, null, null).verdict());
    }

    @Test
    void aSpanWithoutNeighboursIsWhatLiesInside() {
        Backlog.Series series = new Backlog.Series("progress", List.of(new Backlog.Point(40 * S, 10, 5), new Backlog.Point(50 * S, 20, 15)));
        assertEquals(2, series.spanning(30 * S, 90 * S).size());
        assertEquals(List.of(), new Backlog.Series("none", List.of()).spanning(0, 1));
    }

    @Test
    void aFlatLatencyWithAFlatBacklogIsSustainable() {
        List<Backlog.Point> flat = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            flat.add(new Backlog.Point((30 + i) * S, 5000L * (30 + i), 5000L * (30 + i) - 5000 - (i % 3) * 100));
        }
        Sustainability v = Sustainability.judge(windows(1.0, 1.1, 0.9, 1.0, 1.05, 0.95), flat, 5000, 60, 0,
                Sustainability.Thresholds.DEFAULT, null, null);
        assertEquals("sustainable", v.verdict(), v.reason());
    }
}
