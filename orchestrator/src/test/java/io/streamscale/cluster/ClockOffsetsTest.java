package io.streamscale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamscale.jobs.clock.ClockResponder;
import io.streamscale.remote.Conversation;
import io.streamscale.remote.LocalRemote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NTP-style offset: known answers on a simulated link with uneven delays, the parsers, and this machine's one clock. */
class ClockOffsetsTest {

    /**
     * A node whose clock runs {@code offsetMicros} ahead of ours, reached over a link whose outbound and return delays
     * (microseconds) follow the given lists: the request reaches the node after the first, the answer comes back after the
     * second. Local time advances only through the delays.
     */
    static final class SimulatedLink implements Conversation, ClockOffsets.LocalClock {
        final long offsetMicros;
        final List<long[]> delays;
        long nowMicros = 1_764_662_400_000_000L;
        int asked;

        SimulatedLink(long offsetMicros, List<long[]> delays) {
            this.offsetMicros = offsetMicros;
            this.delays = delays;
        }

        @Override
        public String ask(String line) {
            long[] d = delays.get(asked++ % delays.size());
            nowMicros += d[0];
            long node = nowMicros + offsetMicros;
            nowMicros += d[1];
            return (node / 1_000_000) + "." + String.format("%06d", node % 1_000_000);
        }

        @Override
        public void close() {}

        @Override
        public Instant wall() {
            return Instant.ofEpochSecond(0, nowMicros * 1000);
        }

        @Override
        public long nanos() {
            return nowMicros * 1000;
        }
    }

    @Test
    void theExchangeWithTheSmallestRoundTripGivesTheOffsetAndItsBound() {
        // slow, lopsided exchanges (a new channel's set-up before the read) and one quick, even one
        List<long[]> delays = List.of(
                new long[] {40_000, 2_000}, new long[] {30_000, 1_000}, new long[] {300, 200}, new long[] {5_000, 90_000
                });
        SimulatedLink link = new SimulatedLink(-12_345, delays);
        ClockOffsets.Offset o = ClockOffsets.pingPong(link, 8, 8, 1.0, link);
        assertEquals(0.25, o.boundMillis(), 1e-9, "half of the 500 us round trip");
        // node read 300 us after sending, the midpoint is at 250 us: 50 us of the path's asymmetry stays, within the
        // bound
        assertEquals(-12.345 + 0.05, o.offsetMillis(), 1e-6);
        assertTrue(Math.abs(o.offsetMillis() - -12.345) <= o.boundMillis());
        assertEquals(8, o.pings());
        assertEquals(9, link.asked, "one warm-up exchange, then the samples");
    }

    @Test
    void aMachineWithoutQuietMomentsIsPingedLongerUpToTheLimit() {
        SimulatedLink slow = new SimulatedLink(0, List.<long[]>of(new long[] {3_000, 3_000}));
        ClockOffsets.Offset o = ClockOffsets.pingPong(slow, 10, 50, 1.0, slow);
        assertEquals(50, o.pings(), "every exchange took 6 ms: pinged up to the limit");
        assertEquals(3.0, o.boundMillis(), 1e-9);
        assertEquals(0.0, o.offsetMillis(), 1e-9);

        SimulatedLink slower = new SimulatedLink(0, List.<long[]>of(new long[] {100_000, 100_000}));
        ClockOffsets.Offset far = ClockOffsets.pingPong(slower, 10, 50_000, 1.0, slower);
        assertEquals(10 + 25, far.pings(), "0.2 s a ping: 10, then 5 s more of trying, not 50 000");
        assertEquals(100.0, far.boundMillis(), 1e-9, "a slow link keeps its best exchange");

        SimulatedLink quick = new SimulatedLink(0, List.<long[]>of(new long[] {100, 100}));
        assertEquals(
                10,
                ClockOffsets.pingPong(quick, 10, 50, 1.0, quick).pings(),
                "a 0.1 ms bound needs no more than the minimum");
    }

    @Test
    void answersAreSecondsWithAFractionOfAnyLength() {
        assertEquals(1_764_662_400_123_456.0, ClockOffsets.parseMicros("1764662400.123456\n"), 0.5);
        assertEquals(1_764_662_400_123_456.789, ClockOffsets.parseMicros("1764662400.123456789"), 1e-3);
        assertEquals(1_764_662_400_000_000.0, ClockOffsets.parseMicros("1764662400"), 0.5);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ClockOffsets.parseMicros("1764662400,123456"));
        assertTrue(e.getMessage().contains("'1764662400,123456'"), e.getMessage());
    }

    @Test
    void theNodesTimeDaemonIsReadBesideOurOffset() {
        TimeSync chrony = TimeSync.parse("""
                Reference ID    : C0A80001 (192.168.0.1)
                Stratum         : 3
                System time     : 0.000012345 seconds slow of NTP time
                Last offset     : +0.000002000 seconds
                Leap status     : Normal
                """);
        assertEquals("chrony", chrony.daemon());
        assertEquals(-0.012345, chrony.offsetMillis(), 1e-9);
        TimeSync fast = TimeSync.parse("System time     : 0.250000000 seconds fast of NTP time\n");
        assertEquals(250.0, fast.offsetMillis(), 1e-9);

        TimeSync ntpd = TimeSync.parse("""
                     remote           refid      st t when poll reach   delay   offset  jitter
                ==============================================================================
                +10.0.0.2        .GPS.            1 u   12   64  377    0.310    0.020   0.004
                *10.0.0.1        .GPS.            1 u   33   64  377    0.234   -0.512   0.005
                """);
        assertEquals("ntpd", ntpd.daemon());
        assertEquals(0.512, ntpd.offsetMillis(), 1e-9, "ntpq's offset is the peer minus us: ours is its negation");
        assertTrue(ntpd.detail().startsWith("*10.0.0.1"), ntpd.detail());

        TimeSync noPeer = TimeSync.parse(
                "     remote           refid      st t when poll reach   delay   offset  jitter\n=====\n 10.0.0.1 .INIT. 16 u - 64 0 0.000 0.000 0.000\n");
        assertEquals("ntpd", noPeer.daemon());
        assertTrue(Double.isNaN(noPeer.offsetMillis()));
        TimeSync none = TimeSync.parse("");
        assertEquals("none", none.daemon());
        assertTrue(Double.isNaN(none.offsetMillis()));
    }

    @Test
    void thisMachinesOffsetFromItselfIsZeroWithinABoundOfMilliseconds() {
        ClockOffsets.Offset o = ClockOffsets.measure(List.of("here"), LocalRemote::new, ClockOffsets.Probe.SHELL)
                .get("here");
        assertTrue(o.boundMillis() > 0 && o.boundMillis() <= 5, o.toString());
        assertTrue(Math.abs(o.offsetMillis()) <= o.boundMillis() + 0.01, "one clock: " + o);
        assertTrue(o.pings() >= ClockOffsets.PINGS, o.toString());
    }

    static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

    /** The responder of a run's probe, from the jobs classes on this test's classpath; {@code env}: set before it starts. */
    static ClockOffsets.Probe jvm(String env, String shell) throws Exception {
        String classes = Path.of(ClockResponder.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return shell != null
                ? new ClockOffsets.Probe(env + " " + shell, "shell")
                : new ClockOffsets.Probe(
                        env + " exec " + java + " -Xmx16m -cp " + classes + " " + ClockOffsets.RESPONDER, "jvm");
    }

    /**
     * The offset is read from the clock that stamps the rows. Under libfaketime +2 s (as a node whose clock is 2 s ahead)
     * the JVM and {@code date} read 2 s ahead while bash's $EPOCHREALTIME does not: a shell probe would say 0 ms.
     */
    @Test
    void theJvmProbeReadsTheClockTheRowsAreStampedWith() throws Exception {
        assumeTrue(
                Files.exists(FAKETIME) || System.getenv("CI") != null,
                "needs libfaketime (apt-get install faketime; .ci/run installs it)");
        assertTrue(Files.exists(FAKETIME), "libfaketime is installed by .ci/run");
        ClockOffsets.Offset plain = ClockOffsets.measure(List.of("here"), LocalRemote::new, jvm("", null))
                .get("here");
        assertTrue(Math.abs(plain.offsetMillis()) <= plain.boundMillis() + 0.01, "one clock: " + plain);
        assertEquals("jvm", plain.clock());
        String shifted = "LD_PRELOAD=" + FAKETIME + " FAKETIME=+2s";
        ClockOffsets.Offset ahead = ClockOffsets.measure(List.of("here"), LocalRemote::new, jvm(shifted, null))
                .get("here");
        assertEquals(2000, ahead.offsetMillis(), 50, "the JVM reads the shifted clock: " + ahead);
        ClockOffsets.Offset bash = ClockOffsets.measure(
                        List.of("here"), LocalRemote::new, jvm(shifted, ClockOffsets.SHELL_PROBE))
                .get("here");
        assertEquals(
                0,
                bash.offsetMillis(),
                50,
                "bash's clock is not shifted: why the shell probe is not used for runs: " + bash);
    }
}
