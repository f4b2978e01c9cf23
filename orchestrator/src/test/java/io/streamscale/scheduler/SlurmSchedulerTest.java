package io.streamscale.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.ExecResult;
import io.streamscale.testing.RecordingRemote;
import io.streamscale.topology.Layout;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command construction and squeue reading; the real SLURM round trip is in SlurmClusterIT. */
class SlurmSchedulerTest {
    static final Duration POLL = Duration.ofMillis(20);

    /**
     * A front end where sbatch answers 77 and squeue answers the given states in turn (the last one repeats) until
     * scancel, then CANCELLED.
     */
    static RecordingRemote frontEnd(String... squeue) {
        Deque<String> states = new ArrayDeque<>(List.of(squeue));
        boolean[] cancelled = {false};
        return new RecordingRemote("front-end", cmd -> {
            if (cmd.startsWith("sbatch")) {
                return new ExecResult(0, "77\n", "");
            }
            if (cmd.startsWith("scancel")) {
                cancelled[0] = true;
            }
            if (cmd.startsWith("squeue") && cancelled[0]) {
                return new ExecResult(0, "CANCELLED|None||N/A\n", "");
            }
            if (cmd.startsWith("squeue")) {
                String s = states.size() > 1 ? states.poll() : states.peek();
                return new ExecResult(0, s + "\n", "");
            }
            return new ExecResult(0, "", "");
        });
    }

    @Test
    void theHoldingJobAsksForWholeNodesForTheWalltime() {
        NodeRequest r = new NodeRequest(
                4, Duration.ofSeconds(3601), Duration.ofMinutes(5), "streamscale", "defq", "proj", "cpunode");
        assertEquals(
                "sbatch --parsable --job-name=streamscale --nodes=4 --exclusive --mem=0 --time=61 --output=/dev/null"
                        + " --no-requeue --partition=defq --account=proj --constraint=cpunode '--wrap=exec sleep infinity'",
                SlurmScheduler.holdingJobCommand(r));
    }

    @Test
    void fromALoginNodeItSubmitsWaitsAndCancelsOnRelease() {
        RecordingRemote fe = frontEnd(
                "PENDING|Priority||N/A", "PENDING|Resources||N/A", "RUNNING|None|127.0.0.[11-12]|2026-11-22T06:00:00");
        SlurmScheduler s = new SlurmScheduler(fe, Map.of(), AddressRule.PLAIN, POLL);
        Allocation a = s.reserve(NodeRequest.of(2, Duration.ofMinutes(30)), () -> false);
        assertEquals("77", a.id());
        assertEquals(
                List.of(new Layout.Host("127.0.0.11", "127.0.0.11"), new Layout.Host("127.0.0.12", "127.0.0.12")),
                a.hosts());
        assertTrue(a.owned() && a.endsAt().isPresent());
        assertFalse(fe.commands.contains("scancel 77"));
        a.release();
        a.release();
        assertEquals(
                1, fe.commands.stream().filter(c -> c.equals("scancel 77")).count(), "cancelled once: " + fe.commands);
        assertTrue(
                fe.commands.get(fe.commands.size() - 1).startsWith("squeue -h -t all -j 77"), "waits until it is gone");
    }

    @Test
    void aJobStillPendingAtTheDeadlineIsCancelledWithTheReason() {
        RecordingRemote fe = frontEnd("PENDING|Resources||N/A");
        SlurmScheduler s = new SlurmScheduler(fe, Map.of(), AddressRule.PLAIN, POLL);
        NodeRequest r = new NodeRequest(2, Duration.ofMinutes(30), Duration.ofSeconds(1), "t", null, null, null);
        SchedulerException e = assertThrows(SchedulerException.class, () -> s.reserve(r, () -> false));
        assertEquals(
                "SLURM job 77 did not start within 1.0 s (still PENDING (Resources)); cancelled it (scancel 77)",
                e.getMessage());
        assertTrue(fe.commands.contains("scancel 77"));
    }

    @Test
    void aJobThatFailsBeforeStartingIsReported() {
        RecordingRemote fe = frontEnd("FAILED|NonZeroExitCode||N/A");
        SlurmScheduler s = new SlurmScheduler(fe, Map.of(), AddressRule.PLAIN, POLL);
        SchedulerException e = assertThrows(
                SchedulerException.class, () -> s.reserve(NodeRequest.of(1, Duration.ofMinutes(1)), () -> false));
        assertEquals("SLURM job 77 ended before it started (state FAILED, reason NonZeroExitCode)", e.getMessage());
    }

    @Test
    void insideAnAllocationItsNodesAreUsedAndNeverCancelled() {
        RecordingRemote fe = frontEnd("RUNNING|None|127.0.0.[11-13]|2026-11-22T06:00:00");
        Map<String, String> env = Map.of("SLURM_JOB_ID", "9", "SLURM_JOB_NODELIST", "127.0.0.[11-13]");
        SlurmScheduler s = new SlurmScheduler(fe, env, AddressRule.PLAIN, POLL);
        Allocation a = s.reserve(NodeRequest.of(3, Duration.ofMinutes(30)), () -> false);
        assertEquals(
                List.of("127.0.0.11", "127.0.0.12", "127.0.0.13"),
                a.hosts().stream().map(Layout.Host::name).toList());
        assertFalse(a.owned());
        assertTrue(a.endsAt().isPresent(), "the end comes from squeue");
        a.release();
        assertTrue(
                fe.commands.stream().noneMatch(c -> c.startsWith("sbatch") || c.startsWith("scancel")),
                fe.commands.toString());

        SchedulerException e = assertThrows(
                SchedulerException.class, () -> s.reserve(NodeRequest.of(5, Duration.ofMinutes(30)), () -> false));
        assertEquals(
                "SLURM job 9 has 3 node(s) (127.0.0.[11-13]), 5 are needed: submit with --nodes=5"
                        + " (streamscale submit sizes it from the manifest)",
                e.getMessage());
    }

    @Test
    void theAddressRuleNamesTheNodeThatDoesNotResolve() {
        SchedulerException e = assertThrows(
                SchedulerException.class, () -> new AddressRule("{host}.ib.invalid").resolve(List.of("node057")));
        assertEquals(
                "node node057: its address name 'node057.ib.invalid' (address pattern '{host}.ib.invalid') does not resolve"
                        + " on this machine",
                e.getMessage());
        assertEquals("node057.ib.cluster", new AddressRule("{host}.ib.cluster").nameFor("node057"));
        assertThrows(IllegalArgumentException.class, () -> new AddressRule(".ib.cluster"));
    }
}
