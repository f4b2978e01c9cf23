package io.streamscale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.LocalRemote;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Daemons an orchestrator killed hard left behind, found by their markers and stopped with their process groups. */
class StaleDaemonsTest {
    /** A daemon stand-in: a shell in a session of its own with a child (as a Spark worker and its executor). */
    private static Process daemon(String marker) throws Exception {
        return new ProcessBuilder("setsid", "bash", "-c", "sleep 300 & wait", "-Dstreamscale.daemon=" + marker)
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitGone(ProcessHandle p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void theMarkersNamingTheNodeAreStoppedWithTheirChildrenAndOthersAreLeft() throws Exception {
        // node names of this test's own: a sweep of "n1" here would stop an emulated cluster's daemons on this machine
        String run = "stale-" + ProcessHandle.current().pid();
        String n1 = "sweep-a-" + ProcessHandle.current().pid();
        String n2 = "sweep-b-" + ProcessHandle.current().pid();
        Process mine = daemon(run + "/" + n1 + "/kafka-0");
        Process other = daemon(run + "/" + n2 + "/kafka-1");
        try {
            Optional<ProcessHandle> child = Optional.empty();
            for (int i = 0; i < 200 && child.isEmpty(); i++) { // the shell has started its sleep
                child = mine.toHandle().children().findFirst();
                Thread.sleep(20);
            }
            assertTrue(child.isPresent(), "the stand-in's child started");

            List<StaleDaemons.Stopped> stopped = StaleDaemons.sweep(n1, new LocalRemote(n1));

            assertEquals(
                    List.of(new StaleDaemons.Stopped(n1, mine.pid(), run + "/" + n1 + "/kafka-0")),
                    stopped.stream().filter(s -> s.marker().startsWith(run)).toList());
            awaitGone(mine.toHandle());
            awaitGone(child.get());
            assertFalse(mine.isAlive(), "the marked daemon is stopped");
            assertFalse(child.get().isAlive(), "and its child with it");
            assertTrue(other.isAlive(), "a daemon whose marker names another node is left");
            assertEquals(
                    run + "/" + n1 + "/kafka-0 (pid " + mine.pid() + ")",
                    StaleDaemons.describe(stopped.stream()
                            .filter(s -> s.marker().startsWith(run))
                            .toList()));
        } finally {
            mine.destroyForcibly();
            other.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            other.destroyForcibly();
        }
    }
}
