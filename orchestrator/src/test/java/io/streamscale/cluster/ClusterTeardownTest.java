package io.streamscale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.readiness.AliveProbe;
import io.streamscale.remote.ExecResult;
import io.streamscale.service.DaemonController;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.Endpoint;
import io.streamscale.service.RunningDaemon;
import io.streamscale.service.ServiceKind;
import io.streamscale.testing.RecordingRemote;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teardown at size: every node of a tier at once, tiers in reverse start order, one node's failure not the others'. */
class ClusterTeardownTest {
    @TempDir
    Path tmp;

    /** Fake nodes whose daemons die on SIGTERM; each node's SIGTERM waits until every node of its tier has sent one. */
    private static final class Nodes {
        final Map<String, RecordingRemote> remotes = new ConcurrentHashMap<>();
        final Set<Long> dead = ConcurrentHashMap.newKeySet();
        final List<Long> terminated = Collections.synchronizedList(new ArrayList<>());
        final Map<Long, CountDownLatch> tierOf = new ConcurrentHashMap<>();
        final List<Boolean> metTogether = Collections.synchronizedList(new ArrayList<>());
        final Set<String> unreachable = ConcurrentHashMap.newKeySet();

        RecordingRemote remote(String node) {
            return remotes.computeIfAbsent(node, n -> new RecordingRemote(n, c -> answer(n, c)));
        }

        ExecResult answer(String node, String c) {
            if (unreachable.contains(node) && !c.startsWith("command -v iptables")) {
                throw new IllegalStateException(node + " does not answer");
            }
            if (c.startsWith("kill -0 ")) {
                long pid = Long.parseLong(c.substring(8, c.indexOf(' ', 8)));
                return new ExecResult(dead.contains(pid) ? 1 : 0, "", "");
            }
            if (c.startsWith("kill -TERM ")) {
                long pid = Long.parseLong(c.substring(11).strip());
                CountDownLatch tier = tierOf.get(pid);
                tier.countDown();
                try { // a teardown that went node by node would never see the whole tier here
                    metTogether.add(tier.await(20, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                terminated.add(pid);
                dead.add(pid);
                return new ExecResult(0, "", "");
            }
            if (c.startsWith("test -f ")) {
                return new ExecResult(1, "", ""); // no log to fetch
            }
            return new ExecResult(0, "", "");
        }
    }

    private static RunningDaemon daemon(String node, ServiceKind kind, long pid) {
        DaemonSpec spec = new DaemonSpec(
                kind.name().toLowerCase() + "-" + node,
                kind,
                node,
                "127.0.0.250",
                "/scratch/" + node,
                List.of("java", "Main"),
                Map.of(),
                Map.of(),
                List.of(),
                List.of(new Endpoint("127.0.0.250", 1, "nothing listens here")),
                new AliveProbe(),
                "streamscale.daemon=c/" + node);
        return new RunningDaemon(spec, pid, Instant.now());
    }

    @Test
    void everyNodeOfATierStopsAtOnceAndWorkersGoBeforeBrokers() {
        Nodes nodes = new Nodes();
        List<RunningDaemon> daemons = new ArrayList<>();
        CountDownLatch brokers = new CountDownLatch(8);
        CountDownLatch workers = new CountDownLatch(8);
        for (int i = 1; i <= 8; i++) {
            daemons.add(daemon("k" + i, ServiceKind.KAFKA, 100 + i));
            nodes.tierOf.put(100L + i, brokers);
        }
        for (int i = 1; i <= 8; i++) {
            daemons.add(daemon("s" + i, ServiceKind.SPARK_WORKER, 200 + i));
            nodes.tierOf.put(200L + i, workers);
        }
        ClusterState state =
                new ClusterState("c", Instant.now(), "up", Transport.local(tmp.toString()), null, null, null, daemons);
        StateDir dir = new StateDir(tmp.resolve("state"));

        List<String> problems =
                new ClusterTeardown(new DaemonController(nodes::remote), dir).down(state, Duration.ofSeconds(5), true);

        assertEquals(List.of(), problems);
        assertEquals(16, nodes.metTogether.size());
        assertTrue(nodes.metTogether.stream().allMatch(b -> b), "every node's SIGTERM of a tier met the others");
        List<Long> order = List.copyOf(nodes.terminated);
        assertTrue(
                order.subList(0, 8).stream().allMatch(p -> p > 200),
                "the Spark workers were stopped before any broker: " + order);
        assertTrue(nodes.remotes.get("k3").commands.contains("rm -rf /scratch/k3/data"), "data removed on k3");
    }

    @Test
    void aNodeThatDoesNotAnswerIsAProblemNamedForItAndTheOthersStillStop() {
        Nodes nodes = new Nodes();
        CountDownLatch workers = new CountDownLatch(2); // the unreachable node never sends its SIGTERM
        List<RunningDaemon> daemons = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            daemons.add(daemon("s" + i, ServiceKind.SPARK_WORKER, 300 + i));
            nodes.tierOf.put(300L + i, workers);
        }
        nodes.unreachable.add("s2");
        ClusterState state =
                new ClusterState("c", Instant.now(), "up", Transport.local(tmp.toString()), null, null, null, daemons);

        List<String> problems = new ClusterTeardown(
                        new DaemonController(nodes::remote), new StateDir(tmp.resolve("state")))
                .down(state, Duration.ofSeconds(5), true);

        assertEquals(Set.of(301L, 303L), Set.copyOf(nodes.terminated));
        assertTrue(!problems.isEmpty() && problems.stream().allMatch(p -> p.contains("s2")), problems.toString());
    }
}
