package io.streamscale.jobs.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LoadSplitTest {
    @Test
    void ratesAreEqualAndSumToTheTotal() {
        assertEquals(16_666.666666666668 / 32, LoadSplit.ratePerPart(16_666.666666666668, 32), 1e-9);
        assertEquals(500.0, LoadSplit.ratePerPart(16_000, 32));
    }

    @Test
    void messageCountsDifferByAtMostOneAndSumExactly() {
        long total = 10_000_001;
        int parts = 32;
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int k = 0; k < parts; k++) {
            long n = LoadSplit.messagesForPart(total, parts, k);
            sum += n;
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        assertEquals(total, sum);
        assertEquals(1, max - min);
        assertEquals(312_501, LoadSplit.messagesForPart(total, parts, 0));
        assertEquals(312_500, LoadSplit.messagesForPart(total, parts, 31));
    }

    @Test
    void badPartsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LoadSplit.ratePerPart(100, 0));
        assertThrows(IllegalArgumentException.class, () -> LoadSplit.messagesForPart(100, 4, 4));
    }
}
