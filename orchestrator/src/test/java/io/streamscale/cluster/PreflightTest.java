package io.streamscale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.LocalRemote;
import io.streamscale.service.Endpoint;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {
    @TempDir Path scratch;

    private Preflight.NodeNeeds need(String java, long minFree, List<Endpoint> ports) {
        return new Preflight.NodeNeeds("n1", java, scratch.resolve("runs").toString(), minFree, ports);
    }

    @Test
    void answersAreReadIntoFailures() {
        Preflight.NodeNeeds n = need("/opt/jdk/bin/java", 1L << 30, List.of(new Endpoint("10.0.0.1", 9092, "kafka")));
        assertEquals(List.of(), Preflight.failures(n, "java openjdk version \"17.0.15\" 2025-04-15\nscratch 9000000\ndone\n"));
        assertEquals(List.of(new Preflight.Failure("n1", "java", "/opt/jdk/bin/java is Java 8; 17 or later is needed"),
                        new Preflight.Failure("n1", "scratch", n.scratch() + " has 97 MiB free, 1024 MiB needed"),
                        new Preflight.Failure("n1", "port", "10.0.0.1:9092 (kafka) is in use")),
                Preflight.failures(n, "java java version \"1.8.0_292\"\nscratch 100000\nport 9092 busy\ndone\n"));
        assertEquals(List.of(new Preflight.Failure("n1", "java", "no executable /opt/jdk/bin/java (set --java-home / scheduler.javaHome"
                        + " to a JDK 17+ the nodes see)"), new Preflight.Failure("n1", "scratch", "cannot create or write " + n.scratch())),
                Preflight.failures(n, "java missing\nscratch unwritable\ndone\n"));
        assertEquals("commands", Preflight.failures(n, "java missing\n").get(0).check(), "a script that did not finish");
    }

    @Test
    void aMissingJdkAndATakenPortOnARealNodeAreOneTable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Endpoint busy = new Endpoint("127.0.0.1", taken.getLocalPort(), "kafka broker");
            int free;
            try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
                free = s.getLocalPort();
            }
            String jdk = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Preflight.check(List.of(need(jdk, 1, List.of(new Endpoint("127.0.0.1", free, "zookeeper")))), n -> new LocalRemote(n));

            PreflightException e = assertThrows(PreflightException.class, () -> Preflight.check(List.of(
                    need("/nonexistent/bin/java", 1, List.of(busy)),
                    new Preflight.NodeNeeds("n2", jdk, "/proc/streamscale-cannot-write", 1, List.of())), n -> new LocalRemote(n)));
            assertEquals(List.of("n1 java", "n1 port", "n2 scratch"), e.failures().stream().map(f -> f.node() + " " + f.check()).toList(),
                    e.getMessage());
            assertTrue(e.getMessage().startsWith("preflight: 3 check(s) failed, nothing was started\n"), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort() + " (kafka broker) is in use"), e.getMessage());
        }
    }
}
