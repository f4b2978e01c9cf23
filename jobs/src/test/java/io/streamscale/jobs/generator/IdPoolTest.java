package io.streamscale.jobs.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdPoolTest {
    @Test
    void uniformDrawsOnlyKnownIdsAndCoversThem() {
        int[] ids = {3, 7, 11, 19};
        IdPool p = IdPool.uniform(ids);
        int[] seen = new int[20];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 40_000; i++) {
            seen[p.draw(r)]++;
        }
        for (int id : ids) {
            assertEquals(10_000, seen[id], 500, "id " + id);
        }
        assertEquals(40_000, seen[3] + seen[7] + seen[11] + seen[19]);
    }

    @Test
    void zipfFavoursTheFirstIds() {
        int[] ids = new int[100];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1000 + i;
        }
        IdPool p = IdPool.zipf(ids, 1.0);
        SplittableRandom r = new SplittableRandom(2);
        int first = 0;
        int last = 0;
        for (int i = 0; i < 100_000; i++) {
            int id = p.draw(r);
            assertTrue(id >= 1000 && id < 1100);
            first += id == 1000 ? 1 : 0;
            last += id == 1099 ? 1 : 0;
        }
        // P(rank 1) = 1 / H(100) ~ 0.193; P(rank 100) ~ 0.0019
        assertEquals(19_300, first, 800);
        assertTrue(last < 400, "last " + last);
    }
}
