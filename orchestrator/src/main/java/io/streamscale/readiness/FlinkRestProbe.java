package io.streamscale.readiness;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamscale.common.Json;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Asks Flink's JobManager over its REST endpoint, with the run's client certificate (mutual TLS: nothing else gets an
 * answer). Without {@code taskManager}: ready when {@code /overview} answers (the dispatcher and resource manager are
 * up). With it: ready when {@code /taskmanagers} lists a TaskManager at that address with its slots registered. The key
 * pair is read from the daemon's node (its 0600 files), once per keystore, so no secret is held in the probe or the
 * recorded state.
 *
 * @param restUrl     {@code https://jobmanager:port}
 * @param keystore    the run's keystore on the daemon's node
 * @param settings    the node's Flink TLS settings file, which holds the keystore's password
 * @param taskManager the TaskManager's address, or null for the JobManager itself
 */
public record FlinkRestProbe(String restUrl, String keystore, String settings, String taskManager) implements Probe {
    private static final Map<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    @Override
    public ProbeResult check(Remote node) {
        try {
            HttpClient http = client(node);
            if (taskManager == null) {
                JsonNode o = get(http, "/overview");
                return ProbeResult.ready(
                        "REST answers: " + o.path("taskmanagers").asInt() + " TaskManager(s), "
                                + o.path("slots-total").asInt() + " slot(s), Flink "
                                + o.path("flink-version").asText());
            }
            JsonNode tms = get(http, "/taskmanagers").path("taskmanagers");
            for (JsonNode tm : tms) {
                if (tm.path("path").asText().contains("@" + taskManager + ":")
                        && tm.path("slotsNumber").asInt() > 0) {
                    return ProbeResult.ready("registered with the JobManager, "
                            + tm.path("slotsNumber").asInt() + " slot(s)");
                }
            }
            return ProbeResult.notReady(
                    "the JobManager lists " + tms.size() + " TaskManager(s), none at " + taskManager);
        } catch (IOException | GeneralSecurityException e) {
            return ProbeResult.notReady("JobManager REST: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.notReady("interrupted");
        }
    }

    private JsonNode get(HttpClient http, String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(restUrl + path))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 200) {
            throw new IOException("HTTP " + resp.statusCode() + " from " + restUrl + path);
        }
        return Json.MAPPER.readTree(resp.body());
    }

    private HttpClient client(Remote node) throws IOException, GeneralSecurityException {
        HttpClient c = CLIENTS.get(keystore);
        if (c != null) {
            return c;
        }
        char[] password = password(read(node, settings)).toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(read(node, keystore)), password);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        c = HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        CLIENTS.put(keystore, c);
        return c;
    }

    private static byte[] read(Remote node, String file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r =
                node.exec("cat " + Shell.quote(file), InputStream.nullInputStream(), out, Duration.ofSeconds(30));
        if (r.exitCode() != 0) {
            throw new IOException("cannot read " + file + " on " + node.host() + ": "
                    + r.stderr().strip());
        }
        return out.toByteArray();
    }

    /** The REST keystore password from the settings file's {@code security.ssl.rest.keystore-password: X} line. */
    static String password(byte[] settings) throws IOException {
        for (String line : new String(settings, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("security.ssl.rest.keystore-password:")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        throw new IOException("no security.ssl.rest.keystore-password in the Flink TLS settings");
    }

    @Override
    public String describe() {
        return taskManager == null
                ? "JobManager REST " + restUrl + "/overview answers (mutual TLS)"
                : "JobManager " + restUrl + " lists TaskManager " + taskManager;
    }
}
