package io.streamscale.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaytimeRuleTest {
    private static final ZoneId AMS = ZoneId.of("Europe/Amsterdam");
    private static final DaytimeRule DAS = DaytimeRule.DAS;

    private static ZonedDateTime at(int day, int hour, int minute) { // December 2026: the 7th is a Monday
        return ZonedDateTime.of(2026, 12, day, hour, minute, 0, 0, AMS);
    }

    @Test
    void fifteenMinutesAlwaysAndLongerOnlyWhenNoMomentFallsInAWeekdaysDaytime() {
        assertTrue(DAS.allows(Duration.ofMinutes(15), at(7, 14, 0)));
        assertFalse(DAS.allows(Duration.ofMinutes(16), at(7, 14, 0)));
        assertTrue(DAS.allows(Duration.ofHours(2), at(7, 20, 0)), "from 20:00");
        assertFalse(DAS.allows(Duration.ofMinutes(30), at(7, 19, 45)), "runs into 20:00 from daytime");
        assertFalse(DAS.allows(Duration.ofHours(1), at(8, 7, 30)), "runs into Tuesday's 08:00");
        assertTrue(DAS.allows(Duration.ofHours(11), at(7, 21, 0)), "a night");
        assertTrue(DAS.allows(Duration.ofHours(6), at(12, 12, 0)), "Saturday");
        assertTrue(DAS.allows(Duration.ofHours(50), at(11, 20, 0)), "Friday night to Monday morning");
        assertEquals(Optional.of(DAS), DaytimeRule.of(Backend.PRUN));
        assertEquals(Optional.empty(), DaytimeRule.of(Backend.SLURM));
    }

    @Test
    void aRefusalSaysTheRuleAndWhenTheReservationCouldStart() {
        assertEquals(Optional.empty(), DAS.refusal(Duration.ofMinutes(15), at(7, 14, 5)));
        String why = DAS.refusal(Duration.ofMinutes(22), at(7, 14, 5)).orElseThrow();
        assertEquals(
                "a reservation of 22 min 0 s now (Mon 14:05) breaks the site's rule: at most 15 min 0 s between 08:00 and 20:00 on"
                        + " weekdays. Ask for at most 15 min 0 s (a shorter duration or warm-up; `streamscale plan` shows each reservation), or"
                        + " start it from Mon 20:00 (`streamscale submit ... --begin 20:00`, or run it then)",
                why);
        assertEquals(
                at(11, 20, 0), DAS.nextStart(Duration.ofHours(20), at(9, 10, 0)), "20 h fit only into the weekend");
        assertTrue(DAS.refusal(Duration.ofHours(20), at(9, 10, 0)).orElseThrow().contains("--begin 2026-12-11T20:00"));
    }
}
