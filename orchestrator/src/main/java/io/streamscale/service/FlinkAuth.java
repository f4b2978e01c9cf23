package io.streamscale.service;

import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The TLS identity of one run's Flink cluster, so that no other user of a shared cluster can submit a job to its
 * JobManager (and run code as the user who started it) or join it as a TaskManager: Flink's internal connections (RPC,
 * data, blobs) and its REST endpoint both require mutual TLS with this one self-signed key pair, which is keystore and
 * truststore at once. Generated per run with the JDK's keytool, kept in memory here and in mode-0600 files in each
 * Flink node's own 0700 directory ({@value #KEYSTORE}, and {@value #SETTINGS} with the passwords, which each daemon's
 * pre-start step appends to its config.yaml, so no rendered config, recorded state or command line carries them).
 *
 * @param keystore PKCS12 bytes: the key pair and its certificate (SAN: every Flink node's address)
 * @param password the store's and the key's password (PKCS12 needs them equal); hex, nothing to quote
 */
public record FlinkAuth(byte[] keystore, String password) {
    public static final String KEYSTORE = "flink.p12";
    /** The SSL settings (paths and passwords) a daemon's config.yaml gets at start. */
    public static final String SETTINGS = "flink-ssl.yaml";
    /** The same settings as properties, for the scorer's client (its REST calls and job submission). */
    public static final String CLIENT = "flink-client.properties";

    /** A fresh key pair for the Flink nodes of {@code ctx}, made with {@code keytool} of this JVM's JDK. */
    public static FlinkAuth generate(ServiceContext ctx) {
        byte[] pw = new byte[16];
        new SecureRandom().nextBytes(pw);
        String password = HexFormat.of().formatHex(pw);
        List<String> san = new ArrayList<>();
        for (Node n : flinkNodes(ctx)) {
            san.add((n.address().matches("[0-9.]+") ? "ip:" : "dns:") + n.address());
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("streamscale-flink-tls");
            Path store = dir.resolve(KEYSTORE);
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    "flink",
                    "-keystore",
                    store.toString(),
                    "-storetype",
                    "PKCS12",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "30",
                    "-dname",
                    "CN=streamscale-" + ctx.clusterId(),
                    "-storepass:env",
                    "STREAMSCALE_FLINK_PW",
                    "-keypass:env",
                    "STREAMSCALE_FLINK_PW"));
            if (!san.isEmpty()) {
                cmd.addAll(List.of("-ext", "SAN=" + String.join(",", san)));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("STREAMSCALE_FLINK_PW", password); // not on keytool's command line either
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make the run's Flink key pair: " + out.strip());
            }
            return new FlinkAuth(Files.readAllBytes(store), password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the run's Flink key pair", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the run's Flink key pair", e);
        } finally {
            delete(dir);
        }
    }

    /** The nodes that run a JobManager, a TaskManager or the scorer's client. */
    public static List<Node> flinkNodes(ServiceContext ctx) {
        return ctx.topology().nodes().stream()
                .filter(n -> n.roles().contains(Role.SPARK_MASTER) || n.roles().contains(Role.SPARK_WORKER))
                .toList();
    }

    public static String file(ServiceContext ctx, Node node, String name) {
        return ctx.nodeDir().apply(node) + "/" + name;
    }

    /** The config.yaml lines that turn on mutual TLS, with the keystore at {@code keystore}. */
    public String settings(String keystore) {
        StringBuilder b = new StringBuilder("# the run's Flink TLS (streamscale); readable by this user only\n");
        settingsMap(keystore)
                .forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    /** The same, as the properties the scorer's client loads. */
    public String clientProperties(String keystore) {
        StringBuilder b = new StringBuilder("# the run's Flink TLS (streamscale); readable by this user only\n");
        settingsMap(keystore)
                .forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    private Map<String, String> settingsMap(String keystore) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String scope : List.of("internal", "rest")) {
            String p = "security.ssl." + scope + ".";
            m.put(p + "enabled", "true");
            m.put(p + "keystore", keystore);
            m.put(p + "truststore", keystore);
            m.put(p + "keystore-password", password);
            m.put(p + "truststore-password", password);
            m.put(p + "key-password", password);
        }
        // REST clients must show the run's certificate too: without one, no job is submitted, nothing is read
        m.put("security.ssl.rest.authentication-enabled", "true");
        return m;
    }

    /** Node name → (path → content) of every file the Flink nodes get. */
    public Map<String, Map<String, byte[]>> files(ServiceContext ctx) {
        Map<String, Map<String, byte[]>> out = new LinkedHashMap<>();
        for (Node n : flinkNodes(ctx)) {
            String keystore = file(ctx, n, KEYSTORE);
            Map<String, byte[]> f = new LinkedHashMap<>();
            f.put(keystore, keystore());
            f.put(file(ctx, n, SETTINGS), settings(keystore).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            f.put(file(ctx, n, CLIENT), clientProperties(keystore).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.put(n.name(), f);
        }
        return out;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans it
        }
    }

    @Override
    public String toString() {
        return "FlinkAuth[<redacted>]";
    }
}
