package io.streamscale.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.common.Json;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import io.streamscale.results.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The analysis on a reserved node that sees this machine's files (a shared filesystem): {@code bin/streamscale analyse}
 * and {@code bin/streamscale report} run there with the site's JDK, and this machine reads what they wrote. A node's
 * analysis that fails is said in the summary (with the command that makes it later), never redone here: the front-end
 * only orchestrates.
 */
public final class NodeAnalyst implements Analyst {
    private static final Duration LIMIT = Duration.ofMinutes(30);
    private final Remote node;
    private final Path home;
    private final String javaHome;

    /**
     * @param node     the node's remote (closed with this)
     * @param home     the streamscale home, at the same path on the node
     * @param javaHome the JDK 17 on the node
     */
    public NodeAnalyst(Remote node, Path home, String javaHome) {
        this.node = node;
        this.home = home.toAbsolutePath().normalize();
        this.javaHome = javaHome;
    }

    @Override
    public ObjectNode summarize(RunDirectory dir, Path model, Double drainSeconds) {
        List<String> args =
                new ArrayList<>(List.of("analyse", dir.root().toAbsolutePath().toString(), "--node", node.host()));
        if (model != null) {
            args.addAll(List.of("--model", model.toAbsolutePath().toString()));
        }
        if (drainSeconds != null) {
            args.addAll(List.of("--drain-seconds", String.format(Locale.ROOT, "%.3f", drainSeconds)));
        }
        ExecResult r;
        try {
            r = node.exec(command(args), LIMIT);
        } catch (RuntimeException e) { // the node cannot be reached: said in the summary, not thrown into the study
            return failed(dir, e.getMessage());
        }
        if (r.ok()) {
            try {
                return (ObjectNode) Json.MAPPER.readTree(dir.summaryJson().toFile());
            } catch (IOException | ClassCastException e) {
                return failed(dir, "it ended, but its summary.json cannot be read here (" + e.getMessage() + ")");
            }
        }
        return failed(dir, "exit " + r.exitCode() + ": " + tail(r.stderr().isBlank() ? r.stdout() : r.stderr()));
    }

    @Override
    public void report(Path target, PrintWriter out) {
        ExecResult r;
        try {
            r = node.exec(command(List.of("report", target.toAbsolutePath().toString())), LIMIT);
        } catch (RuntimeException e) {
            out.printf(
                    "report: could not be made on %s (%s); try again on a node with: streamscale report %s%n",
                    node.host(), e.getMessage(), target);
            out.flush();
            return;
        }
        out.print(r.stdout());
        if (!r.ok()) {
            out.printf(
                    "report: could not be made on %s (exit %d: %s); try again on a node with: streamscale report %s%n",
                    node.host(), r.exitCode(), tail(r.stderr()), target);
        }
        out.flush();
    }

    @Override
    public String where() {
        return node.host();
    }

    @Override
    public void close() {
        node.close();
    }

    /** The command line the node runs: the home's launcher, not rebuilding, on the site's JDK. */
    String command(List<String> args) {
        StringBuilder b = new StringBuilder("cd / && JAVA_HOME=")
                .append(Shell.quote(javaHome))
                .append(" STREAMSCALE_NO_BUILD=1 ")
                .append(Shell.quote(home.resolve("bin/streamscale").toString()));
        args.forEach(a -> b.append(' ').append(Shell.quote(a)));
        return b.toString();
    }

    private ObjectNode failed(RunDirectory dir, String why) {
        return Json.MAPPER
                .createObjectNode()
                .put("status", "unknown")
                .put("incomplete", true)
                .put(
                        "summaryError",
                        "the analysis on " + node.host() + " failed (" + why
                                + "); make it on a node with: streamscale analyse "
                                + dir.root().toAbsolutePath());
    }

    private static String tail(String s) {
        String t = s.strip();
        int nl = t.lastIndexOf('\n');
        return nl < 0 ? t : t.substring(nl + 1);
    }
}
