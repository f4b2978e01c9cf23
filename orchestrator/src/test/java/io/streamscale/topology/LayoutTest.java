package io.streamscale.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayoutTest {
    @Test
    void seedLayoutZookeeperOnKafkaNodesMasterWithFirstSparkNode() {
        Topology t = Layout.assign(Layout.localHosts(5), 3, 2, 1);
        assertEquals(Set.of(Role.KAFKA, Role.ZOOKEEPER), t.node("n1").roles());
        assertEquals(Set.of(Role.KAFKA), t.node("n3").roles());
        assertEquals(Set.of(Role.SPARK_WORKER, Role.SPARK_MASTER), t.node("n4").roles());
        assertEquals(Set.of(Role.SPARK_WORKER), t.node("n5").roles());
        assertEquals("127.0.0.15", t.node("n5").address());
    }

    @Test
    void aSparkMasterOfItsOwnComesBeforeTheWorkersAndTheGenerators() {
        Topology t = Layout.assign(Layout.localHosts(6), 2, 2, 1, 1, true);
        assertEquals(Set.of(Role.SPARK_MASTER), t.node("n3").roles());
        assertEquals(Set.of(Role.SPARK_WORKER), t.node("n4").roles());
        assertEquals(Set.of(Role.SPARK_WORKER), t.node("n5").roles());
        assertEquals(Set.of(Role.GENERATOR), t.node("n6").roles());
        assertEquals(6, Layout.nodesNeeded(2, 2, 1, true));
        var e = assertThrows(
                IllegalArgumentException.class, () -> Layout.assign(Layout.localHosts(5), 2, 2, 1, 1, true));
        assertTrue(e.getMessage().contains("+ 1 for the Spark master need 6 hosts"), e.getMessage());
    }

    @Test
    void tooFewHostsNamesTheCountAndTheHosts() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Layout.assign(List.of(new Layout.Host("a", "10.0.0.1")), 1, 1, 1));
        assertTrue(e.getMessage().contains("need 2 hosts"), e.getMessage());
        assertTrue(e.getMessage().contains("[a]"), e.getMessage());
    }

    @Test
    void zookeeperCannotOutnumberKafkaNodes() {
        assertThrows(IllegalArgumentException.class, () -> Layout.assign(Layout.localHosts(3), 1, 2, 2));
    }
}
