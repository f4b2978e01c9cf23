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
        List<Cell> local = cells("experiments:\n  a:\n    nodes: [1, 1]\n    load: 1000/s\n    warmup: 30s\n    duration: 90s\n"
                + "    repetitions: 3\n");
        Duration phases = PhaseEstimates.LOCAL.total();
        assertEquals(Duration.ofSeconds(120).plus(phases), Plan.runTime(local.get(0)));
        assertEquals(Duration.ofSeconds(360).plus(phases.multipliedBy(3)).plus(PhaseEstimates.LOCAL.training()), Plan.walltime(local),
                "three runs of one model train it once");
        // without a warm-up, each has the default 30 s
        List<Cell> two = cells("experiments:\n  a:\n    nodes: [1, 1]\n    load: 1000/s\n    duration: 60s\n    model: {rank: 5}\n"
                + "  b:\n    nodes: [1, 1]\n    load: 1000/s\n    duration: 60s\n    model: {rank: 6}\n"
                + "  c:\n    nodes: [1, 1]\n    load: 1000/s\n    duration: 60s\n    model: {path: /models/given}\n");
        assertEquals(Duration.ofSeconds(270).plus(phases.multipliedBy(3)).plus(PhaseEstimates.LOCAL.training().multipliedBy(2)),
                Plan.walltime(two), "two models trained; a given model is not");
    }

    @Test
    void nodesOverSshHaveTheirOwnEstimates() {
        Cell c = cells("experiments:\n  a:\n    nodes: [2, 2]\n    load: 1000/s\n    warmup: 0s\n    duration: 10m\n"
                + "    scheduler: {backend: slurm}\n").get(0);
        assertEquals(PhaseEstimates.NODES, PhaseEstimates.of(c));
        assertEquals(Duration.ofMinutes(10).plus(PhaseEstimates.NODES.total()).plus(PhaseEstimates.NODES.training()), Plan.runTime(c, true));
        assertTrue(PhaseEstimates.NODES.total().compareTo(PhaseEstimates.LOCAL.total()) > 0, "SSH costs more than local processes");
        assertEquals(List.of("placement", "cluster", "model", "topic", "scorer", "load", "drain", "teardown", "summary", "other"),
                List.copyOf(PhaseEstimates.NODES.phases().keySet()), "the phases run.json records, and what lies outside them");
    }
}
