package io.streamscale.cluster;

import io.streamscale.common.Versions;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every node of a run at once, before anything is shipped or started: the JDK the daemons will run on (there,
 * and version 17 or later), the node's scratch directory (creatable, writable, with free space), the ports the run's
 * daemons will bind (free on the node's address), its C library (old enough for the bundled native libraries, which
 * load there when it shares this machine's files), and that commands run there at all. Every failure of every node goes
 * into one table, so a user fixes them in one go instead of one per attempt.
 */
public final class Preflight {
    static final int MIN_JAVA = 17;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)(?:\\.(\\d+))?");

    private Preflight() {}

    /** The oldest C library the bundled native libraries without a Java fallback load on (NativeLibrariesIT holds them to it). */
    static final String MIN_GLIBC = "2.17";

    private static final Pattern GLIBC = Pattern.compile("(\\d+)\\.(\\d+)\\s*$");
    private static final Logger log = LoggerFactory.getLogger(Preflight.class);

    /**
     * What one node must offer.
     *
     * @param nativeCheck a command that loads the native libraries there ({@code NativeCheck}), or null where the node
     *                    does not see this machine's files yet
     */
    public record NodeNeeds(
            String node, String java, String scratch, long minFreeBytes, List<Endpoint> ports, String nativeCheck) {
        public NodeNeeds(String node, String java, String scratch, long minFreeBytes, List<Endpoint> ports) {
            this(node, java, scratch, minFreeBytes, ports, null);
        }
    }

    public record Failure(String node, String check, String found) {}

    /** What each node of a planned deployment needs: its daemons' ports, the JDK, scratch space. */
    public static List<NodeNeeds> of(
            List<String> nodes,
            List<DaemonSpec> daemons,
            String java,
            String scratch,
            long minFreeBytes,
            String nativeCheck) {
        Map<String, List<Endpoint>> ports = new LinkedHashMap<>();
        nodes.forEach(n -> ports.put(n, new ArrayList<>()));
        for (DaemonSpec d : daemons) {
            ports.computeIfAbsent(d.node(), n -> new ArrayList<>()).addAll(d.endpoints());
        }
        return nodes.stream()
                .map(n -> new NodeNeeds(n, java, scratch, minFreeBytes, List.copyOf(ports.get(n)), nativeCheck))
                .toList();
    }

    /**
     * Opens each node's connection and runs a no-op there, every node at once: a node that does not answer is one row
     * ("connect") of the preflight table, and its other checks are skipped.
     */
    public static List<Failure> reach(List<String> nodes, Function<String, Remote> remotes) {
        return OnEachNode.apply(nodes, n -> {
                    try {
                        remotes.apply(n).run("true", Duration.ofSeconds(30));
                        return List.<Failure>of();
                    } catch (RuntimeException e) {
                        // an unreachable node's cause (refused, timed out, host key), or the failed command's own words
                        String found = e.getCause() != null ? String.valueOf(e.getCause()) : e.getMessage();
                        return List.of(new Failure(n, "connect", found));
                    }
                })
                .values()
                .stream()
                .flatMap(List::stream)
                .toList();
    }

    /** @throws PreflightException with the table of every failure, when any */
    public static void check(List<NodeNeeds> needs, Function<String, Remote> remotes) {
        check(needs, remotes, List.of());
    }

    /**
     * @param earlier failures found before (a node {@link #reach} did not reach), to go into the same table
     * @throws PreflightException with the table of every failure, when any
     */
    public static void check(List<NodeNeeds> needs, Function<String, Remote> remotes, List<Failure> earlier) {
        Map<String, List<Failure>> byNode =
                OnEachNode.apply(needs.stream().map(NodeNeeds::node).toList(), n -> {
                    NodeNeeds need = needs.stream()
                            .filter(x -> x.node().equals(n))
                            .findFirst()
                            .orElseThrow();
                    if (earlier.stream()
                            .anyMatch(f -> f.node().equals(n) && f.check().equals("connect"))) {
                        return List.of(); // it did not answer: the checks would fail the same way
                    }
                    try {
                        ExecResult r = remotes.apply(n).exec(script(need), TIMEOUT);
                        if (!r.ok() && r.stdout().isBlank()) {
                            return List.of(new Failure(
                                    n,
                                    "commands",
                                    "`sh` exited with " + r.exitCode() + ": "
                                            + r.stderr().strip()));
                        }
                        log.info("preflight {}: {}", n, seen(r.stdout()));
                        return failures(need, r.stdout());
                    } catch (RuntimeException e) { // the cause, not the script
                        Throwable cause = e.getCause() != null ? e.getCause() : e;
                        return List.of(new Failure(n, "commands", "could not run the checks: " + cause));
                    }
                });
        List<Failure> all = new ArrayList<>();
        for (String n : byNode.keySet()) {
            earlier.stream().filter(f -> f.node().equals(n)).forEach(all::add);
            all.addAll(byNode.get(n));
        }
        if (!all.isEmpty()) {
            throw new PreflightException(all);
        }
    }

    /** One shell script answering every check, a line each. */
    static String script(NodeNeeds n) {
        StringBuilder s = new StringBuilder();
        s.append("J=")
                .append(Shell.quote(n.java()))
                .append("; S=")
                .append(Shell.quote(n.scratch()))
                .append('\n');
        s.append(
                "if [ -x \"$J\" ]; then echo \"java $(\"$J\" -version 2>&1 | head -n 1)\"; else echo 'java missing'; fi\n");
        // the run's scratch is the user's alone (0700): its configs, data and the Spark secret are not for other users
        s.append(
                "if mkdir -p \"$S\" 2>/dev/null && chmod 700 \"$S\" && : > \"$S/.streamscale-preflight\" 2>/dev/null; then rm -f \"$S/.streamscale-preflight\";"
                        + " echo \"scratch $(df -Pk \"$S\" | awk 'NR==2 {print $4}')\"; else echo 'scratch unwritable'; fi\n");
        for (Endpoint e : n.ports()) {
            // a connection accepted means something listens there already (bash's /dev/tcp: no other tool assumed)
            s.append("if timeout 3 bash -c ")
                    .append(Shell.quote("exec 3<>/dev/tcp/" + e.address() + "/" + e.port()))
                    .append(" 2>/dev/null; then echo 'port ")
                    .append(e.port())
                    .append(" busy'; fi\n");
        }
        s.append("echo \"glibc $(ldd --version 2>&1 | head -n 1)\"\n");
        if (n.nativeCheck() != null) { // its last line says what loaded, or the first error
            s.append("if [ -x \"$J\" ]; then if O=$(cd / && ")
                    .append(n.nativeCheck())
                    .append(
                            " 2>&1); then echo \"native $(echo \"$O\" | tail -n 1)\"; else echo \"native failed $(echo \"$O\" | tail -n 1)\"; fi; fi\n");
        }
        s.append("echo done\n");
        return s.toString();
    }

    /** The node's failures from the script's answer. */
    static List<Failure> failures(NodeNeeds n, String answer) {
        List<Failure> out = new ArrayList<>();
        List<String> lines = answer.lines().map(String::strip).toList();
        if (!lines.contains("done")) {
            out.add(new Failure(n.node(), "commands", "the checks did not finish: " + answer.strip()));
        }
        for (String l : lines) {
            if (l.equals("java missing")) {
                out.add(new Failure(
                        n.node(),
                        "java",
                        "no executable " + n.java() + " (set --java-home / scheduler.javaHome to a JDK " + MIN_JAVA
                                + "+ the nodes see)"));
            } else if (l.startsWith("java ")) {
                Matcher m = VERSION.matcher(l);
                int major = !m.find()
                        ? -1
                        : m.group(1).equals("1") && m.group(2) != null
                                ? Integer.parseInt(m.group(2))
                                : Integer.parseInt(m.group(1));
                if (major < MIN_JAVA) {
                    out.add(new Failure(
                            n.node(),
                            "java",
                            n.java() + " is "
                                    + (major < 0 ? "not a JDK we can read: " + l.substring(5) : "Java " + major) + "; "
                                    + MIN_JAVA + " or later is needed"));
                }
            } else if (l.equals("scratch unwritable")) {
                out.add(new Failure(n.node(), "scratch", "cannot create or write " + n.scratch()));
            } else if (l.startsWith("scratch ")) {
                long freeKb = parseLong(l.substring(8).strip());
                if (freeKb >= 0 && freeKb * 1024 < n.minFreeBytes()) {
                    out.add(new Failure(
                            n.node(),
                            "scratch",
                            String.format(
                                    Locale.ROOT,
                                    "%s has %d MiB free, %d MiB needed",
                                    n.scratch(),
                                    freeKb / 1024,
                                    n.minFreeBytes() / (1024 * 1024))));
                }
            } else if (l.startsWith("glibc ")) {
                Matcher m = GLIBC.matcher(l);
                if (m.find() && Versions.compare(m.group(1) + "." + m.group(2), MIN_GLIBC) < 0) {
                    out.add(new Failure(
                            n.node(),
                            "glibc",
                            "glibc " + m.group(1) + "." + m.group(2) + " ("
                                    + l.substring(6).strip()
                                    + "); the bundled native libraries (DuckDB, snappy, zstd) need " + MIN_GLIBC
                                    + " or later"));
                }
            } else if (l.startsWith("native failed")) {
                out.add(new Failure(
                        n.node(),
                        "native",
                        "the native libraries do not load with " + n.java() + ": "
                                + l.substring("native failed".length())
                                        .replaceFirst("^\\s*failed\\s*", "")
                                        .strip()));
            } else if (l.startsWith("port ") && l.endsWith(" busy")) {
                int port = Integer.parseInt(l.substring(5, l.length() - 5));
                String purpose = n.ports().stream()
                        .filter(e -> e.port() == port)
                        .map(e -> e.address() + ":" + port + " (" + e.purpose() + ")")
                        .findFirst()
                        .orElse(String.valueOf(port));
                out.add(new Failure(n.node(), "port", purpose + " is in use"));
            }
        }
        return out;
    }

    /** The node's C library and, where checked, its native libraries, for the log: "glibc 2.17; loaded duckdb v1.1.3, …". */
    static String seen(String answer) {
        List<String> parts = new ArrayList<>();
        for (String l : answer.lines().map(String::strip).toList()) {
            if (l.startsWith("glibc ")) {
                Matcher m = GLIBC.matcher(l);
                parts.add(
                        m.find()
                                ? "glibc " + m.group(1) + "." + m.group(2)
                                : "C library: " + l.substring(6).strip());
            } else if (l.startsWith("native ")) {
                parts.add(l.substring(7).strip().replaceFirst("^failed\\s+failed", "failed"));
            }
        }
        return String.join("; ", parts);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
