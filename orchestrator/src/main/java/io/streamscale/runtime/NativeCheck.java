package io.streamscale.runtime;

import io.streamscale.remote.Shell;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Loads, in one JVM, the native libraries a node loads without a pure-Java fallback: DuckDB (the analysis), snappy
 * and zstd (Kafka's and Spark's codecs). Preflight runs it on every node that sees this machine's files, so a node
 * whose C library is too old (a CentOS 7 node and a DuckDB built for glibc 2.25, say) is named before anything starts,
 * not when its first summary fails. Prints one line: what loaded, or the first error.
 */
public final class NativeCheck {
    private NativeCheck() {}

    public static void main(String[] args) {
        try {
            System.out.println("loaded " + load());
        } catch (Throwable t) { // UnsatisfiedLinkError, snappy's SnappyError, DuckDB's SQLException: all say why
            Throwable cause = t instanceof InvocationTargetException i && i.getCause() != null ? i.getCause() : t;
            System.out.println("failed " + cause.toString().replace('\n', ' '));
            System.exit(1);
        }
    }

    /** What loaded, with versions: "duckdb v1.1.3, snappy 1.1.10, zstd 1.5.6". */
    static String load() throws Exception {
        String duckdb;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select version()")) {
            r.next();
            duckdb = r.getString(1);
        }
        byte[] data = "streamscale".repeat(8).getBytes(StandardCharsets.US_ASCII);
        // snappy and zstd are Kafka's runtime dependencies, not this code's: reached by name
        Class<?> snappy = Class.forName("org.xerial.snappy.Snappy");
        snappy.getMethod("compress", byte[].class).invoke(null, (Object) data);
        Class.forName("com.github.luben.zstd.Zstd")
                .getMethod("compress", byte[].class)
                .invoke(null, (Object) data);
        return "duckdb " + duckdb + ", snappy "
                + snappy.getMethod("getNativeLibraryVersion").invoke(null) + ", zstd "
                + Class.forName("com.github.luben.zstd.util.ZstdVersion")
                        .getField("VERSION")
                        .get(null);
    }

    /**
     * The command that runs this check on a node with {@code java} and this JVM's own classes and libraries, at the same
     * paths (only for nodes that share this machine's files).
     */
    public static String command(String java) {
        Path here;
        try {
            here = Path.of(NativeCheck.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        // the orchestrator's jar (or its classes, in a build) and its libraries beside it in lib/
        return command(java, here + ":" + here.getParent().resolve("lib") + "/*");
    }

    /** The same, with the classpath given. */
    public static String command(String java, String classpath) {
        return Shell.quote(java) + " -Xmx256m -cp " + Shell.quote(classpath) + " " + NativeCheck.class.getName();
    }
}
