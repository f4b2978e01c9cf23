package io.streamscale.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.LocalRemote;
import io.streamscale.testing.OrchestratorProcess;
import io.streamscale.testing.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink on the emulated SLURM cluster (dev/test-cluster-up.sh, 5 nodes): a 2x2 run whose TaskManager is SIGKILLed mid
 * load recovers from its checkpoint with nothing lost, and its JobManager answers only the run's own certificate.
 */
@Tag("integration")
class FlinkClusterIT {
    static final LocalRemote HERE = new LocalRemote("test");
    static Path sshConfig;

    @TempDir
    Path tmp;

    @BeforeAll
    static void cluster() throws Exception {
        sshConfig = TestCluster.up(5, true);
    }

    @AfterAll
    static void down() throws Exception {
        if (sshConfig != null) {
            TestCluster.down();
        }
    }

    @Test
    void aTaskManagerKilledMidLoadLosesNothingAndTheJobManagerRefusesClientsWithoutTheRunsKey() throws Exception {
        Path results = tmp.resolve("results");
        Path scratch = tmp.resolve("scratch");
        Path manifest = Files.writeString(tmp.resolve("flink.yaml"), """
                defaults:
                  repetitions: 1
                  scheduler: {backend: slurm, walltime: 20m, startTimeout: 2m}
                experiments:
                  flink-2x2:
                    nodes: [2, 2]
                    engine: flink
                    load: 2000/s
                    warmup: 10s
                    rampUp: 5s
                    duration: 30s
                    generators: {processes: 4}
                    kafka: {replicationFactor: 2, acks: all}
                    faults:
                      - {at: warmup+5s, action: kill, target: flink-taskmanager, select: one, restartAfter: 10s}
                """);
        Path out = tmp.resolve("run.out");
        Process run = OrchestratorProcess.of(
                        "run",
                        manifest.toString(),
                        "--ssh-config",
                        sshConfig.toString(),
                        "--scratch",
                        scratch.toString(),
                        "--results",
                        results.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            ProbeResult loading = Readiness.await(
                    "the load",
                    Duration.ofMinutes(5),
                    () -> {
                        try {
                            return Files.readString(out).contains(" generator-0: started")
                                    ? ProbeResult.ready("generating")
                                    : ProbeResult.notReady("not yet");
                        } catch (IOException e) {
                            return ProbeResult.notReady(e.toString());
                        }
                    },
                    () -> !run.isAlive(),
                    () -> {});
            assertTrue(loading.ready(), Files.readString(out));

            // while it loads: the JobManager's REST endpoint, where jobs are submitted, with and without the run's key
            Path keystore = find(scratch, "flink.p12");
            String password = Files.readAllLines(keystore.resolveSibling("flink-ssl.yaml")).stream()
                    .filter(l -> l.startsWith("security.ssl.rest.keystore-password:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElseThrow();
            String rest = "https://" + jobManager(out) + ":8082";
            JsonNode overview = Json.MAPPER.readTree(get(rest + "/overview", keys(keystore, password)));
            assertEquals("2.2.1", overview.path("flink-version").asText(), overview.toString());
            assertEquals(1, overview.path("jobs-running").asInt(), overview.toString());
            assertThrows(IOException.class, () -> get(rest + "/overview", null), "no client certificate");
            assertThrows(IOException.class, () -> post(rest + "/jobs", null), "a job submitted without the run's key");
            Path stranger = tmp.resolve("stranger.p12");
            var made = HERE.exec(
                    Path.of(System.getProperty("java.home"), "bin", "keytool") + " -genkeypair -alias x -keystore "
                            + stranger + " -storetype PKCS12 -keyalg RSA -dname CN=stranger -storepass secret1"
                            + " -keypass secret1",
                    Duration.ofSeconds(60));
            assertEquals(0, made.exitCode(), made.stderr());
            assertThrows(IOException.class, () -> post(rest + "/jobs", keys(stranger, "secret1")), "another key pair");

            assertTrue(run.waitFor(8, TimeUnit.MINUTES), "the run ends");
            assertEquals(0, run.exitValue(), Files.readString(out));
        } finally {
            run.destroy();
            run.waitFor(2, TimeUnit.MINUTES);
        }
        Path dir = results.resolve("flink-2x2/k2s2_2000ps/rep-1");
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertEquals("complete", s.path("status").asText(), s.toString());
        long acked = s.path("acked").asLong();
        assertEquals(s.path("sent").asLong(), acked, s.toString());
        assertEquals(acked, s.path("distinctMessages").asLong(), "every acked message scored: " + s);
        assertEquals(0, s.path("lost").asLong(), s.toString());
        assertTrue(s.path("committedLatency").path("count").asLong() > 0, "rows readable in committed files: " + s);
        JsonNode recovery =
                Json.MAPPER.readTree(dir.resolve("report.json").toFile()).path("recovery");
        assertEquals(1, recovery.size(), recovery.toString());
        assertTrue(recovery.get(0).path("fault").asText().startsWith("kill flink-taskmanager-"), recovery.toString());
        assertEquals(0, recovery.get(0).path("lostAfter").asLong(), recovery.toString());
        assertTrue(recovery.get(0).path("sentAfter").asLong() > 0, recovery.toString());
        String log = Files.readString(out);
        assertTrue(log.contains("fault 0: kill -> flink-taskmanager-"), log);
        assertTrue(log.contains("restarted"), log);
        var left = HERE.exec("pgrep -af 'streamscale[.]daemon='", Duration.ofSeconds(30));
        assertEquals("", left.stdout(), "daemons left on the nodes");
    }

    /** The JobManager's address, from the orchestrator's log line of its start. */
    private static String jobManager(Path out) throws IOException {
        return Files.readAllLines(out).stream()
                .filter(l -> l.contains(" flink-jobmanager: started"))
                .map(l -> l.replaceAll(".*\\[INFO\\] (n\\d+) flink-jobmanager: started.*", "$1"))
                .map(n -> "127.0.1." + (10 + Integer.parseInt(n.substring(1))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JobManager started"));
    }

    private static Path find(Path root, String name) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " under " + root));
        }
    }

    private static KeyManager[] keys(Path keystore, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        return kmf.getKeyManagers();
    }

    /** A client that trusts any server (what is tested is whether the server lets the client in) with these keys. */
    private static HttpClient client(KeyManager[] keys) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keys, new TrustManager[] {new TrustAll()}, new SecureRandom());
        System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        return HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static String get(String url, KeyManager[] keys) throws Exception {
        HttpResponse<String> r = client(keys)
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String post(String url, KeyManager[] keys) throws Exception {
        HttpResponse<String> r = client(keys)
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
