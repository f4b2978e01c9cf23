package io.streamscale.jobs.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockResponderTest {
    @Test
    void answersSecondsWithSixDigitsOfMicroseconds() {
        assertEquals("1764662400.000042", ClockResponder.format(Instant.ofEpochSecond(1_764_662_400L, 42_999)));
        assertEquals("1764662400.123456", ClockResponder.format(Instant.ofEpochSecond(1_764_662_400L, 123_456_000)));
    }
}
