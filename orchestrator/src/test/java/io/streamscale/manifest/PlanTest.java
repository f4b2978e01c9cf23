package io.streamscale.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
    private static List<Cell> cells(String yaml) {
        Manifest m = ManifestReader.readText("plan.yaml", yaml);
        return m.cells(m.select(List.of()));
    }

    @Test
    void aRunIsItsLoadPlusThePhasesOfItsSiteAndTheFirstRunOfEachModelTrainsIt() {
        List<Cell> local =
                cells("experiments:\n  a:\n    nodes: [1, 1]\n    load: 1000/s\n    warmup: 30s\n    duration: 90s\n"
                        + "    repetitions: 3\n");
        Duration phases = PhaseEstimates.LOCAL.total();
        assertEquals(Duration.ofSeconds(120).plus(phases), Plan.runTime(local.get(0)));
        assertEquals(
                Duration.ofSeconds(360).plus(phases.multipliedBy(3)).plus(PhaseEstimates.LOCAL.training()),
                Plan.walltime(local),
                "three runs of one model train it once");
        // without a warm-up, each has the default 30 s
        List<Cell> two = cells(
                "experiments:\n  a:\n    nodes: [1, 1]\n    load: 1000/s\n    duration: 60s\n    model: {rank: 5}\n"
                        + "  b:\n    nodes: [1, 1]\n    load: 1000/s\n    duration: 60s\n    model: {rank: 6}\n"
                        + "  c:\n    nodes: [1, 1]\n    load: 1000/s\n    duration: 60s\n    model: {path: /models/given}\n");
        assertEquals(
                Duration.ofSeconds(270)
                        .plus(phases.multipliedBy(3))
                        .plus(PhaseEstimates.LOCAL.training().multipliedBy(2)),
                Plan.walltime(two),
                "two models trained; a given model is not");
    }

    @Test
    void aLongerScorerWarmUpCostsItsMessagesAtTheMeasuredRate() {
        String shape =
                "experiments:\n  a:\n    nodes: [1, 1]\n    load: 1000/s\n    warmup: 30s\n    duration: 90s\n%s";
        Duration plain = Plan.runTime(cells(shape.formatted("")).get(0));
        Duration warm = Plan.runTime(
                cells(shape.formatted("    spark: {warmupMessages: 2000000}\n")).get(0));
        // 1 980 000 messages beyond the default at 58 000/s
        assertEquals(Duration.ofMillis(34_138), warm.minus(plain));
        assertEquals(
                plain,
                Plan.runTime(cells(shape.formatted("    spark: {warmupMessages: 0}\n"))
                        .get(0)),
                "fewer than the default does not shorten the estimate (the phases were measured with it)");
    }

    @Test
    void overSshEachPhaseGrowsWithTheNodeCountByItsMeasuredSlope() {
        Cell c = cells("experiments:\n  a:\n    nodes: [8, 8]\n    load: 1000/s\n    warmup: 0s\n    duration: 10m\n"
                        + "    scheduler: {backend: slurm}\n")
                .get(0);
        assertEquals(17, c.nodeCount(), "8 brokers, 8 workers and the generator node 1000/s needs");
        PhaseEstimates e = PhaseEstimates.of(c);
        assertEquals("nodes over SSH, 17 nodes", e.site());
        // 14 nodes beyond the 3 of a 1x1: cluster 9.9 s + 14 x 2.59 s, teardown 8.2 s + 14 x 1.34 s
        assertEquals(Duration.ofMillis(9_900 + 36_260), e.phases().get("cluster"));
        assertEquals(Duration.ofMillis(8_200 + 18_760), e.phases().get("teardown"));
        assertEquals(PhaseEstimates.NODES.phases().get("other"), e.phases().get("other"), "outside the phases: flat");
        assertEquals(PhaseEstimates.NODES, PhaseEstimates.nodes(3));
        assertTrue(PhaseEstimates.nodes(65).total().compareTo(e.total()) > 0, "64 nodes cost more than 17");
        assertEquals(
                PhaseEstimates.LOCAL,
                PhaseEstimates.of(cells(
                                "experiments:\n  a:\n    nodes: [8, 8]\n    load: 1000/s\n    scheduler: {backend: local}\n")
                        .get(0)));
    }

    @Test
    void generatorNodesFollowTheRateUnlessGiven() {
        String shape = "experiments:\n  a:\n    nodes: [2, 2]\n    load: %s\n%s";
        assertEquals(1, cells(shape.formatted("100000/s", "")).get(0).generatorNodes());
        assertEquals(2, cells(shape.formatted("100001/s", "")).get(0).generatorNodes());
        assertEquals(7, cells(shape.formatted("650000/s", "")).get(0).nodeCount() - 4, "7 generator nodes");
        assertEquals(
                1,
                cells(shape.formatted("650000/s", "    generators: {nodes: 1}\n"))
                        .get(0)
                        .generatorNodes(),
                "a given count is kept");
    }

    @Test
    void nodesOverSshHaveTheirOwnEstimates() {
        Cell c = cells("experiments:\n  a:\n    nodes: [1, 1]\n    load: 1000/s\n    warmup: 0s\n    duration: 10m\n"
                        + "    scheduler: {backend: slurm}\n")
                .get(0);
        assertEquals(PhaseEstimates.NODES, PhaseEstimates.of(c));
        assertEquals(
                Duration.ofMinutes(10).plus(PhaseEstimates.NODES.total()).plus(PhaseEstimates.NODES.training()),
                Plan.runTime(c, true));
        assertEquals(
                List.of(
                        "placement",
                        "cluster",
                        "model",
                        "topic",
                        "scorer",
                        "load",
                        "drain",
                        "teardown",
                        "summary",
                        "other"),
                List.copyOf(PhaseEstimates.NODES.phases().keySet()),
                "the phases run.json records, and what lies outside them");
    }

    @Test
    void perRunReservationsAreSizedFromTheRunAndCheckedAgainstTheWalltime() {
        // NODES on 1x1's 3 nodes: 58.4 s of overhead, 90 s of training; 30 s start allowance; teardown margin 1 min
        String shape = "experiments:\n  a:\n    nodes: [1, 1]\n    load: 1000/s\n    warmup: 2m\n    duration: %s\n"
                + "    scheduler: {backend: prun, reservation: per-run, walltime: 15m, teardownMargin: 1m}\n";
        assertEquals(Duration.ofMillis(58_400), PhaseEstimates.NODES.total());
        Cell seed = cells(shape.formatted("8m")).get(0);
        // 10 min + 58.4 s + 30 s + 1 min = 12 min 28 s -> 13 whole minutes; with the training 14 min: both fit
        assertEquals(
                new Plan.Reservation(Duration.ofMinutes(13), Duration.ofMinutes(15), null, null),
                Plan.perRun(seed, false));
        assertEquals(
                new Plan.Reservation(Duration.ofMinutes(14), Duration.ofMinutes(15), null, null),
                Plan.perRun(seed, true));

        // 12 min + 2 min 28 s = 14 min 28 s -> 15: fits alone; with 90 s of training 16 min does not: trained first, in
        // its own start (placement 7.2 s, other 5 s), the cluster start it overlaps in a run (9.9 s), training 90 s,
        // 30 s + 1 min: 202.1 s -> 4 whole minutes
        Cell longer = cells(shape.formatted("10m")).get(0);
        assertEquals(
                new Plan.Reservation(Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(4), null),
                Plan.perRun(longer, true));

        Cell tooLong = cells(shape.formatted("11m")).get(0);
        Plan.Reservation r = Plan.perRun(tooLong, false);
        assertEquals(false, r.fits());
        assertEquals(
                "a run of a/k1s1_1000ps needs a reservation of 16 min 0 s (warm-up 2 min 0 s + load 11 min 0 s + overhead"
                        + " 58.4 s + start allowance 30.0 s + teardown margin 1 min 0 s, in whole minutes), more than scheduler.walltime 15 min 0 s: raise"
                        + " scheduler.walltime, shorten warmup or duration, or lower scheduler.teardownMargin",
                r.misfit());
    }

    @Test
    void trainsInOrderTrainsTheFirstRunOfEachUncachedModel() {
        List<Cell> cs = cells("experiments:\n  a:\n    load: 1000/s\n    repetitions: 2\n    model: {rank: 5}\n"
                + "  b:\n    load: 1000/s\n    model: {rank: 6}\n  c:\n    load: 1000/s\n    model: {rank: 7}\n");
        assertEquals(
                List.of(true, false, false, true),
                Plan.trainsInOrder(cs, c -> c.experiment().equals("b")),
                "a trains once; b is cached; c trains");
    }
}
