package io.streamscale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.LocalRemote;
import io.streamscale.runtime.NativeCheck;
import io.streamscale.service.Endpoint;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {
    @TempDir
    Path scratch;

    private Preflight.NodeNeeds need(String java, long minFree, List<Endpoint> ports) {
        return new Preflight.NodeNeeds("n1", java, scratch.resolve("runs").toString(), minFree, ports);
    }

    @Test
    void answersAreReadIntoFailures() {
        Preflight.NodeNeeds n = need("/opt/jdk/bin/java", 1L << 30, List.of(new Endpoint("10.0.0.1", 9092, "kafka")));
        assertEquals(
                List.of(),
                Preflight.failures(n, "java openjdk version \"17.0.15\" 2025-04-15\nscratch 9000000\ndone\n"));
        assertEquals(
                List.of(
                        new Preflight.Failure("n1", "java", "/opt/jdk/bin/java is Java 8; 17 or later is needed"),
                        new Preflight.Failure("n1", "scratch", n.scratch() + " has 97 MiB free, 1024 MiB needed"),
                        new Preflight.Failure("n1", "port", "10.0.0.1:9092 (kafka) is in use")),
                Preflight.failures(n, "java java version \"1.8.0_292\"\nscratch 100000\nport 9092 busy\ndone\n"));
        assertEquals(
                List.of(
                        new Preflight.Failure(
                                "n1",
                                "java",
                                "no executable /opt/jdk/bin/java (set --java-home / scheduler.javaHome"
                                        + " to a JDK 17+ the nodes see)"),
                        new Preflight.Failure("n1", "scratch", "cannot create or write " + n.scratch())),
                Preflight.failures(n, "java missing\nscratch unwritable\ndone\n"));
        assertEquals(
                "commands", Preflight.failures(n, "java missing\n").get(0).check(), "a script that did not finish");
    }

    @Test
    void aCLibraryOlderThanTheNativeLibrariesNeedAndALibraryThatDoesNotLoadAreFailures() {
        Preflight.NodeNeeds n = need("/opt/jdk/bin/java", 1, List.of());
        String ok = "java openjdk version \"17.0.15\"\nscratch 9000000\n";
        assertEquals(
                List.of(),
                Preflight.failures(
                        n, ok + "glibc ldd (GNU libc) 2.17\nnative loaded duckdb v1.1.3, snappy 1.1.10\ndone\n"));
        assertEquals(List.of(), Preflight.failures(n, ok + "glibc ldd (Debian GLIBC 2.36-9+deb12u13) 2.36\ndone\n"));
        assertEquals(
                List.of(),
                Preflight.failures(n, ok + "glibc musl libc (x86_64)\ndone\n"),
                "unknown C library: the native check tells");
        assertEquals(
                List.of(
                        new Preflight.Failure(
                                "n1",
                                "glibc",
                                "glibc 2.12 (ldd (GNU libc) 2.12); the bundled native libraries"
                                        + " (DuckDB, snappy, zstd) need 2.17 or later"),
                        new Preflight.Failure(
                                "n1",
                                "native",
                                "the native libraries do not load with /opt/jdk/bin/java:"
                                        + " java.lang.UnsatisfiedLinkError: libduckdb_java.so: version `GLIBC_2.25' not found")),
                Preflight.failures(
                        n,
                        ok + "glibc ldd (GNU libc) 2.12\nnative failed failed java.lang.UnsatisfiedLinkError:"
                                + " libduckdb_java.so: version `GLIBC_2.25' not found\ndone\n"));
        assertEquals(
                "glibc 2.17; loaded duckdb v1.1.3",
                Preflight.seen("glibc ldd (GNU libc) 2.17\nnative loaded duckdb v1.1.3\n"));
    }

    @Test
    void aRealNodeLoadsTheNativeLibrariesOrSaysWhyNot() {
        String jdk = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Preflight.NodeNeeds loads = new Preflight.NodeNeeds(
                "n1",
                jdk,
                scratch.resolve("a").toString(),
                1,
                List.of(),
                NativeCheck.command(jdk, System.getProperty("java.class.path")));
        Preflight.check(List.of(loads), n -> new LocalRemote(n));
        // without DuckDB on its classpath the check cannot open a connection: the node is named with the reason
        Preflight.NodeNeeds lacks = new Preflight.NodeNeeds(
                "n2",
                jdk,
                scratch.resolve("b").toString(),
                1,
                List.of(),
                NativeCheck.command(
                        jdk,
                        Path.of(NativeCheck.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .getPath())
                                .toString()));
        PreflightException e =
                assertThrows(PreflightException.class, () -> Preflight.check(List.of(lacks), n -> new LocalRemote(n)));
        assertEquals(
                List.of("n2 native"),
                e.failures().stream().map(f -> f.node() + " " + f.check()).toList(),
                e.getMessage());
        assertTrue(e.getMessage().contains("No suitable driver"), e.getMessage());
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
            Preflight.check(
                    List.of(need(jdk, 1, List.of(new Endpoint("127.0.0.1", free, "zookeeper")))),
                    n -> new LocalRemote(n));

            PreflightException e = assertThrows(
                    PreflightException.class,
                    () -> Preflight.check(
                            List.of(
                                    need("/nonexistent/bin/java", 1, List.of(busy)),
                                    new Preflight.NodeNeeds("n2", jdk, "/proc/streamscale-cannot-write", 1, List.of())),
                            n -> new LocalRemote(n)));
            assertEquals(
                    List.of("n1 java", "n1 port", "n2 scratch"),
                    e.failures().stream().map(f -> f.node() + " " + f.check()).toList(),
                    e.getMessage());
            assertTrue(
                    e.getMessage().startsWith("preflight: 3 check(s) failed, nothing was started\n"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("127.0.0.1:" + taken.getLocalPort() + " (kafka broker) is in use"),
                    e.getMessage());
        }
    }
}
