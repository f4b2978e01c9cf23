package io.streamscale.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.ExecResult;
import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.Remote;
import io.streamscale.service.ServiceKind;
import io.streamscale.testing.RecordingRemote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MachineLoadTest {
    /** {@link MachineLoad#command}'s output; {@code ours}: pid, ticks, pid, ticks, ... */
    private static String reading(long user, long nice, long system, long steal, long... ours) {
        StringBuilder s = new StringBuilder(
                "cpu  " + user + " " + nice + " " + system + " 999999 12 0 7 " + steal + " 0 0\n100\n2\n");
        for (int i = 0; i < ours.length; i += 2) {
            s.append("ours ").append(ours[i]).append(' ').append(ours[i + 1]).append('\n');
        }
        return s.toString();
    }

    private static MachineLoad.Sample sample(long nanos, long busy, long steal, long... ours) {
        return MachineLoad.Sample.parse(nanos, reading(busy, 0, 0, steal, ours));
    }

    @Test
    void aReadingIsParsedFromProcStat() {
        MachineLoad.Sample s = MachineLoad.Sample.parse(5, reading(1000, 20, 300, 40, 17, 900, 4242, 3));
        assertEquals(new MachineLoad.Sample(5, 1320, 40, Map.of(17L, 900L, 4242L, 3L), 2, 100), s);
        assertEquals(
                new MachineLoad.Sample(5, 1000, 40, Map.of(), 2, 100),
                MachineLoad.Sample.parse(5, reading(1000, 0, 0, 40)),
                "none of ours running");
        assertThrows(
                IllegalArgumentException.class, () -> MachineLoad.Sample.parse(5, "cat: /proc/stat: No such file\n"));
    }

    @Test
    void coresAreTicksPerSecondSplitIntoTheRunsAndOtherWork() {
        // 60 s apart at 100 ticks/s: 10 800 busy ticks = 1.8 cores, 9 600 of them ours = 1.6; steal 120 ticks = 0.02
        var a = sample(0, 10_000, 100, 1, 3_000, 2, 2_000);
        var b = sample(60_000_000_000L, 20_800, 220, 1, 8_000, 2, 6_600);
        MachineLoad.Load l = MachineLoad.Load.between("m", a, b);
        assertEquals(60, l.seconds(), 1e-9);
        assertEquals(1.8, l.busyCores(), 1e-9);
        assertEquals(1.6, l.runCores(), 1e-9);
        assertEquals(0.2, l.otherCores(), 1e-9);
        assertEquals(0.02, l.stealCores(), 1e-9);
        // process 2 (a driver with 2 000 ticks of start-up) was killed and process 3 took over: 3's ticks are all in
        // the
        // window, 2's since the first reading are lost with it; the run's share does not go negative
        var restarted = sample(60_000_000_000L, 20_800, 220, 1, 8_000, 3, 1_600);
        assertEquals(
                (5_000 + 1_600) / 6000.0,
                MachineLoad.Load.between("m", a, restarted).runCores(),
                1e-9);
    }

    @Test
    void theRunsCoresAreSplitByComponentExecutorsCountingAsSpark() {
        // 60 s at 100 ticks/s: pid 1 a broker (600 ticks: 0.1 core), 2 a TaskManager (3 000: 0.5), 3 an executor (1
        // 200:
        // 0.2), 4 nobody the run launched (60: 0.01)
        var a = sample(0, 10_000, 0, 1, 0, 2, 0, 3, 0, 4, 0);
        var b = MachineLoad.Sample.parse(
                60_000_000_000L, reading(20_000, 0, 0, 0, 1, 600, 2, 3_000, 3, 1_200, 4, 60) + "executor 3\n");
        assertEquals(Set.of(3L), b.executors());
        MachineLoad.Load l = MachineLoad.Load.between("m", a, b, pid -> pid == 1 ? "kafka" : pid == 2 ? "flink" : null);
        assertEquals(
                Map.of("kafka", 0.1, "flink", 0.5, "spark", 0.2, "other", 0.01),
                l.runCoresBy().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> Math.round(e.getValue() * 1000) / 1000.0)));
        assertEquals(Map.of(), MachineLoad.Load.between("m", a, b).runCoresBy(), "no breakdown without the daemons");
        assertEquals("flink", LoadPhase.component(ServiceKind.FLINK_TASKMANAGER));
    }

    @Test
    void readsWhenTheWarmupEndsAndBeforeTheLoadDoesOnEveryMachine() {
        long[] now = {0};
        Deque<String> n1 = new ArrayDeque<>(List.of(reading(1000, 0, 0, 0, 9, 500), reading(7000, 0, 0, 0, 9, 6000)));
        Deque<String> n2 = new ArrayDeque<>(List.of(reading(1000, 0, 0, 0), reading(4000, 0, 0, 30)));
        RecordingRemote r1 = new RecordingRemote("n1", c -> new ExecResult(0, n1.pop(), ""));
        RecordingRemote r2 = new RecordingRemote("n2", c -> new ExecResult(0, n2.pop(), ""));
        Map<String, Remote> machines = MachineLoad.machines(false, List.of("n1", "n2"), n -> n.equals("n1") ? r1 : r2);
        MachineLoad load =
                new MachineLoad(machines, null, Duration.ofSeconds(30), Duration.ofSeconds(88), () -> now[0]);
        load.tick(Duration.ofSeconds(29));
        assertTrue(r1.commands.isEmpty(), "nothing read during the warm-up");
        now[0] = 30_000_000_000L;
        load.tick(Duration.ofSeconds(30));
        assertEquals(List.of(MachineLoad.command(null)), r1.commands);
        assertEquals(1, r2.commands.size());
        load.tick(Duration.ofSeconds(60));
        assertEquals(1, r1.commands.size(), "one reading at the start");
        assertEquals(null, load.loads());
        now[0] = 90_000_000_000L;
        load.tick(Duration.ofSeconds(88));
        load.tick(Duration.ofSeconds(89));
        assertEquals(2, r1.commands.size(), "and one before the end, no more");
        List<MachineLoad.Load> loads = load.loads();
        assertEquals(
                List.of("n1", "n2"),
                loads.stream().map(MachineLoad.Load::machine).toList());
        assertEquals(1.0, loads.get(0).busyCores(), 1e-9, "6 000 ticks over 60 s");
        assertEquals(11 / 12.0, loads.get(0).runCores(), 1e-9);
        assertEquals(0.5, loads.get(1).otherCores(), 1e-9);
        assertEquals(0.005, loads.get(1).stealCores(), 1e-9);
    }

    @Test
    void aProcessAFaultKillsKeepsTheTicksItUsedUntilTheStrike() {
        long[] now = {0};
        // pid 9 (a broker) runs from the first reading until a fault kills it at 40 s; pid 11 restarts it; the machine
        // was busy with nothing else: 6 000 ticks over 60 s, all ours
        Deque<String> n1 = new ArrayDeque<>(List.of(
                reading(1000, 0, 0, 0, 9, 500, 10, 100),
                reading(3000, 0, 0, 0, 9, 2500, 10, 100),
                reading(7000, 0, 0, 0, 10, 600, 11, 3500)));
        RecordingRemote r1 = new RecordingRemote("n1", c -> new ExecResult(0, n1.pop(), ""));
        MachineLoad load =
                new MachineLoad(Map.of("n1", r1), null, Duration.ofSeconds(30), Duration.ofSeconds(88), () -> now[0]);
        load.beforeFault(); // a fault during the warm-up: nothing to keep yet
        assertEquals(0, r1.commands.size());
        now[0] = 30_000_000_000L;
        load.tick(Duration.ofSeconds(30));
        now[0] = 40_000_000_000L;
        load.beforeFault();
        now[0] = 90_000_000_000L;
        load.tick(Duration.ofSeconds(88));
        MachineLoad.Load l = load.loads().get(0);
        assertEquals(1.0, l.busyCores(), 1e-9);
        assertEquals(1.0, l.runCores(), 1e-9, "the killed broker's 2 000 ticks count as the run's: " + l);
        assertEquals(0.0, l.otherCores(), 1e-9);
        load.beforeFault();
        assertEquals(3, r1.commands.size(), "nothing read after the second reading");
    }

    @Test
    void aMachineThatCannotBeReadIsLeftOutAndALoadThatEndedEarlyReadsNothingMore() {
        long[] now = {0};
        RecordingRemote ok = new RecordingRemote("n1", c -> new ExecResult(0, reading(1000, 0, 0, 0), ""));
        RecordingRemote broken = new RecordingRemote("n2", c -> new ExecResult(1, "", "no /proc"));
        Map<String, Remote> machines = new LinkedHashMap<>(Map.of("n1", ok));
        machines.put("n2", broken);
        MachineLoad load =
                new MachineLoad(machines, null, Duration.ofSeconds(10), Duration.ofSeconds(50), () -> now[0]);
        load.tick(Duration.ofSeconds(10));
        load.close(); // the generators finished before the second reading was due
        load.tick(Duration.ofSeconds(55));
        assertEquals(1, ok.commands.size(), "no reading after the load ended");
        assertEquals(List.of(), load.loads());

        MachineLoad local = new MachineLoad(
                MachineLoad.machines(true, List.of("n1", "n2", "n3"), n -> ok),
                4242L,
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                () -> now[0]);
        assertEquals(
                List.of("this machine"),
                List.copyOf(
                        MachineLoad.machines(true, List.of("n1", "n2"), n -> ok).keySet()));
        now[0] = 1_000_000_000L;
        local.tick(Duration.ofSeconds(1));
        now[0] = 2_000_000_000L;
        local.tick(Duration.ofSeconds(2));
        assertEquals(1, local.loads().size(), "local nodes share one machine: read once");
    }

    /** The command on this machine: a busy process named like ours shows up in the run's share. */
    @Test
    void theCommandCountsOurProcessesOnThisMachine() throws Exception {
        Remote here = new LocalRemote("localhost");
        Process burner = new ProcessBuilder("bash", "-c", "while :; do :; done", "streamscale-test-burner").start();
        try {
            var first = here.exec(MachineLoad.command(null), Duration.ofSeconds(30));
            assertEquals(0, first.exitCode(), first.stderr());
            MachineLoad.Sample a = MachineLoad.Sample.parse(0, first.stdout());
            assertEquals(Runtime.getRuntime().availableProcessors(), a.cores());
            long afterA = ticks(burner.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ticks(burner.pid()) - afterA < a.hz() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until the burner has used a second of CPU (its own ticks, not wall time)
            }
            long beforeB = ticks(burner.pid());
            MachineLoad.Sample b = MachineLoad.Sample.parse(
                    1,
                    here.exec(MachineLoad.command(null), Duration.ofSeconds(30)).stdout());
            assertTrue(beforeB - afterA >= a.hz(), "the burner burnt");
            assertTrue(a.ourTicks().containsKey(burner.pid()), "the burner is one of ours: " + a.ourTicks());
            assertTrue(
                    b.ourTicksSince(a) >= beforeB - afterA,
                    "ours grew by " + b.ourTicksSince(a) + " ticks, the burner alone by " + (beforeB - afterA));
            assertTrue(
                    b.userSystemTicks() - a.userSystemTicks() >= beforeB - afterA,
                    "the machine was busy at least with the burner");
        } finally {
            burner.destroyForcibly().waitFor();
        }
        // a process whose command line does not name us counts only when given as the orchestrator (local mode)
        Process plain = new ProcessBuilder("sleep", "60").start();
        try {
            assertFalse(MachineLoad.Sample.parse(
                            0,
                            here.exec(MachineLoad.command(null), Duration.ofSeconds(30))
                                    .stdout())
                    .ourTicks()
                    .containsKey(plain.pid()));
            assertTrue(MachineLoad.Sample.parse(
                            0,
                            here.exec(MachineLoad.command(plain.pid()), Duration.ofSeconds(30))
                                    .stdout())
                    .ourTicks()
                    .containsKey(plain.pid()));
        } finally {
            plain.destroyForcibly().waitFor();
        }
        // the orchestrator's ticks include the commands it ran and waited for (a burner here); a daemon's do not (a
        // Spark worker reaps its executors, whose own ticks already count)
        // a fixed amount of CPU (about 1 s here), not a wall-clock time a loaded machine would hand out in part
        Process parent = new ProcessBuilder(
                        "bash", "-c", "bash -c 'i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done'; exec sleep 60")
                .start();
        try {
            long hz = MachineLoad.Sample.parse(
                            0,
                            here.exec(MachineLoad.command(null), Duration.ofSeconds(30))
                                    .stdout())
                    .hz();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long seen = 0;
            while (seen < hz / 2 && System.nanoTime() < deadline) {
                seen = MachineLoad.Sample.parse(
                                0,
                                here.exec(MachineLoad.command(parent.pid()), Duration.ofSeconds(30))
                                        .stdout())
                        .ourTicks()
                        .getOrDefault(parent.pid(), 0L);
            }
            assertTrue(
                    seen >= hz / 2,
                    "the orchestrator's waited-for child burnt a million loop turns; counted " + seen + " ticks");
            assertTrue(ticks(parent.pid()) < hz / 4, "not by itself");
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
