package io.streamscale.service;

import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared secret of one cluster's Spark (master, workers, the scorer and its executors), so that no other user of a
 * shared cluster can submit an application to its master and run code as the user who started it. The secret lives
 * only in memory here and in a mode-0600 file on each Spark node, read into the daemons' environment at launch and
 * by the scorer itself, so no command line, config, recorded state or run directory carries it.
 */
public record SparkAuth(String secret) {
    /** The file on each Spark node. */
    public static final String FILE = "spark.secret";
    /**
     * Where Spark's master and workers take the secret from when it is not in their config (SecurityManager; the
     * workers pass it on to their executors the same way). spark.authenticate.secret.file is Kubernetes-only.
     */
    public static final String ENV = "_SPARK_AUTH_SECRET";

    public static SparkAuth generate() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new SparkAuth(HexFormat.of().formatHex(b));
    }

    /** Where the secret is on {@code node}. */
    public static String file(ServiceContext ctx, Node node) {
        return ctx.nodeDir().apply(node) + "/" + FILE;
    }

    /** Node name to secret file, for every node that runs a Spark master, worker or driver. */
    public static Map<String, String> files(ServiceContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        ctx.topology().nodes().stream()
                .filter(n -> n.roles().contains(Role.SPARK_MASTER) || n.roles().contains(Role.SPARK_WORKER))
                .forEach(n -> out.put(n.name(), file(ctx, n)));
        return out;
    }

    @Override
    public String toString() {
        return "SparkAuth[secret=<redacted>]";
    }
}
