package io.streamscale.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostlistTest {
    @Test
    void rangesWithLeadingZerosAndSeveralGroups() {
        assertEquals(
                List.of("node001", "node002", "node003", "node007", "gpu01"),
                Hostlist.expand("node[001-003,007],gpu01"));
        assertEquals(List.of("node098", "node099", "node100"), Hostlist.expand("node[098-100]"));
        assertEquals(List.of("n1", "n2", "n3"), Hostlist.expand("n[1-3]"));
    }

    @Test
    void singleHostsSuffixesAndCrossProducts() {
        assertEquals(List.of("node301"), Hostlist.expand("node301"));
        assertEquals(List.of("a", "b", "c"), Hostlist.expand("a,b,c"));
        assertEquals(List.of("node301.ib.cluster", "node302.ib.cluster"), Hostlist.expand("node[301-302].ib.cluster"));
        assertEquals(List.of("r1n1", "r1n2", "r2n1", "r2n2"), Hostlist.expand("r[1-2]n[1-2]"));
        assertEquals(List.of("x9", "x10", "x11"), Hostlist.expand("x[9-11]"));
    }

    @Test
    void malformedListsAreNamed() {
        for (String bad : new String[] {"node[1-3", "node1-3]", "node[a-b]", "node[3-1]", "a,,b", "n[[1]]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hostlist.expand(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
