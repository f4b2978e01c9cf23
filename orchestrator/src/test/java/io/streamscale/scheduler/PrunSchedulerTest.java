package io.streamscale.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.LocalRemote;
import io.streamscale.topology.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prun backend against a stand-in preserve executable that keeps real state and prints preserve's formats. */
class PrunSchedulerTest {
    @TempDir
    Path tmp;

    Path preserve;

    @BeforeEach
    void install() throws Exception {
        preserve = tmp.resolve("preserve");
        Files.copy(
                Path.of(getClass().getResource("/prun/preserve").toURI()),
                preserve,
                StandardCopyOption.COPY_ATTRIBUTES);
        preserve.toFile().setExecutable(true);
        Files.write(tmp.resolve("hosts"), List.of("127.0.0.21", "127.0.0.22", "127.0.0.23"));
    }

    private PrunScheduler scheduler() {
        return new PrunScheduler(
                new LocalRemote("front-end"), preserve.toString(), AddressRule.PLAIN, Duration.ofMillis(100));
    }

    private String listing() throws Exception {
        return new LocalRemote("front-end")
                .run(preserve + " -llist", Duration.ofSeconds(10))
                .stdout();
    }

    @Test
    void reserveListAndCancelRoundTrip() throws Exception {
        NodeRequest req = new NodeRequest(2, Duration.ofMinutes(15), Duration.ofSeconds(20), "t", null, null, null);
        try (Allocation a = scheduler().reserve(req, () -> false)) {
            assertEquals("4242", a.id());
            assertEquals(
                    List.of(new Layout.Host("127.0.0.21", "127.0.0.21"), new Layout.Host("127.0.0.22", "127.0.0.22")),
                    a.hosts());
            assertTrue(a.owned());
            assertTrue(a.endsAt().isPresent());
            assertTrue(listing().contains("4242\t"), "listed while held");
        }
        List<String> calls = Files.readAllLines(tmp.resolve("calls"));
        assertFalse(listing().contains("4242\t"), "cancelled at release");
        assertEquals("-np 2 -t 900", calls.get(0));
        assertEquals("-c 4242", calls.get(calls.size() - 1));
        assertTrue(calls.stream().filter(c -> c.equals("-llist")).count() >= 2, "polled until running: " + calls);
    }

    @Test
    void aReservationLongerThanFifteenMinutesInDaytimeIsRefusedBeforePreserveIsAsked() throws Exception {
        Clock monday = Clock.fixed(
                ZonedDateTime.of(2026, 12, 7, 14, 5, 0, 0, ZoneId.systemDefault())
                        .toInstant(),
                ZoneId.systemDefault());
        PrunScheduler day = new PrunScheduler(
                new LocalRemote("front-end"), preserve.toString(), AddressRule.PLAIN, Duration.ofMillis(100), monday);
        SchedulerException e = Assertions.assertThrows(
                SchedulerException.class, () -> day.reserve(NodeRequest.of(3, Duration.ofMinutes(22)), () -> false));
        assertTrue(
                e.getMessage()
                        .startsWith("not reserved: a reservation of 22 min 0 s now (Mon 14:05) breaks the site's rule"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("calls")), "preserve was not called");
        try (Allocation a = day.reserve(
                new NodeRequest(1, Duration.ofMinutes(15), Duration.ofSeconds(20), "t", null, null, null),
                () -> false)) {
            assertEquals(
                    "-np 1 -t 900", Files.readAllLines(tmp.resolve("calls")).get(0));
        }
    }

    @Test
    void aReservationThatNeverStartsHitsTheDeadlineAndIsCancelled() throws Exception {
        Files.createFile(tmp.resolve("never-start"));
        NodeRequest req = new NodeRequest(2, Duration.ofMinutes(15), Duration.ofSeconds(1), "t", null, null, null);
        SchedulerException e =
                assertThrows(SchedulerException.class, () -> scheduler().reserve(req, () -> false));
        assertEquals(
                "preserve reservation 4242 did not start within 1.0 s (state PD); cancelled it (" + preserve
                        + " -c 4242)",
                e.getMessage());
        assertEquals(
                "-c 4242",
                Files.readAllLines(tmp.resolve("calls"))
                        .get(Files.readAllLines(tmp.resolve("calls")).size() - 1));
        assertFalse(listing().contains("4242\t"));
    }

    @Test
    void cancelledWhilePendingCancelsTheReservation() throws Exception {
        Files.createFile(tmp.resolve("never-start"));
        NodeRequest req = new NodeRequest(1, Duration.ofMinutes(15), Duration.ofMinutes(5), "t", null, null, null);
        int[] asks = {0};
        assertThrows(RuntimeException.class, () -> scheduler().reserve(req, () -> ++asks[0] > 2));
        assertFalse(listing().contains("4242\t"));
    }

    @Test
    void aFailingPreserveIsReportedWithItsOutput() {
        PrunScheduler broken = new PrunScheduler(
                new LocalRemote("front-end"), "/bin/false", AddressRule.PLAIN, Duration.ofMillis(100));
        SchedulerException e = assertThrows(
                SchedulerException.class, () -> broken.reserve(NodeRequest.of(1, Duration.ofMinutes(1)), () -> false));
        assertTrue(
                e.getMessage().startsWith("`/bin/false -np 1 -t 60` exited with 1 and gave no reservation number"),
                e.getMessage());
    }

    @Test
    void theEndIsTheShownStopMinuteRefinedByWhenTheGrantWasSeen() {
        Instant shown = Instant.parse("2026-12-02T17:19:00Z");
        assertEquals(
                Instant.parse("2026-12-02T17:19:40Z"),
                PrunScheduler.endOf(shown, Instant.parse("2026-12-02T17:19:40Z")),
                "seen promptly: within the shown minute");
        assertEquals(
                shown,
                PrunScheduler.endOf(shown, Instant.parse("2026-12-02T17:21:10Z")),
                "seen late: the shown minute");
        assertEquals(
                shown,
                PrunScheduler.endOf(shown, Instant.parse("2026-12-02T17:18:00Z")),
                "never beyond what preserve says");
        Instant polled = Instant.parse("2026-12-02T17:20:00Z");
        assertEquals(polled, PrunScheduler.endOf(null, polled), "no stop column: the poll");
    }

    @Test
    void aStopAcrossNewYearIsInTheNextYear() {
        ZonedDateTime eve = ZonedDateTime.of(2026, 12, 31, 23, 50, 0, 0, ZoneOffset.UTC);
        assertEquals(Instant.parse("2027-01-01T00:05:00Z"), PrunScheduler.stopTime("01/01", "00:05", eve));
        assertEquals(Instant.parse("2026-12-31T23:55:00Z"), PrunScheduler.stopTime("12/31", "23:55", eve));
        assertEquals(null, PrunScheduler.stopTime("-", "-", eve));
        assertEquals(null, PrunScheduler.stopTime("12/31", "23h55", eve));
    }

    @Test
    void listingRowsAreReadFromTheRight() {
        String listing = """
                Sun Nov 22 04:50:00 2026
                id      user    start           stop            state   nhosts  hosts
                77      alice   11/22 04:50     11/22 05:05     R       3       node057 node058 node060
                78      bob     -               -               PD      2       -
                79      carol   11/22   04:51   11/22   05:00   R       1       node001
                """;
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 22, 4, 52, 0, 0, ZoneId.of("Europe/Amsterdam"));
        assertEquals(
                Optional.of(new PrunScheduler.Listed(
                        "77", "R", List.of("node057", "node058", "node060"), Instant.parse("2026-11-22T04:05:00Z"))),
                PrunScheduler.parseListing(listing, "77", now),
                "the stop column, Amsterdam time (UTC+1)");
        assertEquals(
                Optional.of(new PrunScheduler.Listed("78", "PD", List.of())),
                PrunScheduler.parseListing(listing, "78", now));
        PrunScheduler.Listed carol =
                PrunScheduler.parseListing(listing, "79", now).orElseThrow();
        assertEquals(List.of("node001"), carol.hosts());
        assertEquals(Instant.parse("2026-11-22T04:00:00Z"), carol.stop());
        assertEquals(Optional.empty(), PrunScheduler.parseListing(listing, "80", now));
        SchedulerException e =
                assertThrows(SchedulerException.class, () -> PrunScheduler.parseListing("81 x y z w\n", "81", now));
        assertTrue(e.getMessage().contains("'81 x y z w'"), e.getMessage());
    }
}
