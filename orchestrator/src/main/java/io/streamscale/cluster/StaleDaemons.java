package io.streamscale.cluster;

import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Daemons of earlier runs still running on a node. An orchestrator killed hard (the walltime's SIGKILL, preemption,
 * {@code kill -9}, a failed front-end) tears nothing down: its ZooKeeper, Kafka and Spark keep their ports on nodes
 * that are now someone else's, or ours again in the next run, whose preflight then finds the ports taken. Each daemon
 * carries a marker ({@code -Dstreamscale.daemon=<cluster>/<node>/<daemon>}); this finds this user's processes whose
 * marker names the node and stops each with its process group (the executors a Spark worker started): SIGTERM, then
 * SIGKILL after a grace period. Only this user's processes are seen, and only where the node is ours: a reserved node,
 * or the hosts a user names.
 */
public final class StaleDaemons {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private StaleDaemons() {}

    /** One process stopped: its pid and marker ({@code <cluster>/<node>/<daemon>}). */
    public record Stopped(String node, long pid, String marker) {}

    /** Sweeps every node at once; a node that cannot be reached is left to preflight, which names it. */
    public static List<Stopped> sweep(List<String> nodes, Function<String, Remote> remotes) {
        Map<String, List<Stopped>> byNode = OnEachNode.apply(nodes, n -> {
            try {
                return sweep(n, remotes.apply(n));
            } catch (RuntimeException e) {
                return List.of();
            }
        });
        return byNode.values().stream().flatMap(List::stream).toList();
    }

    /** Whatever node a marker names: for this machine, where every local node is. */
    public static final String ANY_NODE = "*";

    /**
     * Stops the markers naming {@code node} ({@link #ANY_NODE}: any) among this user's processes there; returns what
     * was stopped.
     */
    public static List<Stopped> sweep(String node, Remote remote) {
        return sweep(remote, node, node);
    }

    /** As {@link #sweep(String, Remote)}, with the markers' node ({@link #ANY_NODE}: any) and the node's name apart. */
    public static List<Stopped> sweep(Remote remote, String markerNode, String label) {
        ExecResult r = remote.exec(script(markerNode), GRACE.plusSeconds(30));
        String node = label;
        List<Stopped> out = new ArrayList<>();
        for (String l : r.stdout().lines().toList()) {
            String[] f = l.strip().split(" ", 3);
            if (f.length == 3 && f[0].equals("stopped")) {
                out.add(new Stopped(node, Long.parseLong(f[1]), f[2]));
            }
        }
        return out;
    }

    /** What a sweep found, for the log: "rep-1/n1/kafka-0 (pid 4242), ...". */
    public static String describe(List<Stopped> stopped) {
        return String.join(
                ", ",
                stopped.stream().map(s -> s.marker() + " (pid " + s.pid() + ")").toList());
    }

    /**
     * Lists "pid pgid marker" for each of this user's processes whose marker's node part is {@code node}, stops their
     * process groups, and prints "stopped PID MARKER" for each. The marker's prefix is assembled in awk, so the sweep's
     * own command line (which holds this script) never matches itself.
     */
    static String script(String node) {
        String find = "ps -ww -u \"$(id -u)\" -o pid=,pgid=,args= | awk -v node=" + Shell.quote(node) + " '"
                + "{ m = \"-Dstreamscale.\" \"daemon=\"; for (i = 3; i <= NF; i++) if (index($i, m) == 1) {"
                + " v = substr($i, length(m) + 1); n = split(v, p, \"/\"); if (n >= 3 && (node == \"*\" || p[n - 1] == node)) print $1, $2, v; break } }'";
        // a daemon not in a group of its own is stopped alone: its group may hold this very shell. `kill -SIG -PGID`,
        // not `kill -- -PGID`, which dash (sh on Debian) refuses
        return "found=$(" + find + ")\n"
                + "[ -z \"$found\" ] && exit 0\n"
                + "mine=$(ps -o pgid= -p $$ | tr -d ' ')\n"
                + "echo \"$found\" | while read -r pid pgid marker; do if [ \"$pgid\" = \"$pid\" ] && [ \"$pgid\" != \"$mine\" ]; then"
                + " kill -TERM \"-$pgid\" 2>/dev/null; else kill -TERM \"$pid\" 2>/dev/null; fi; echo \"stopped $pid $marker\"; done\n"
                // each process's exit awaited (tail --pid), all within the grace period; SIGKILL for what is left
                + "timeout " + GRACE.toSeconds() + " sh -c 'for p in \"$@\"; do tail --pid=\"$p\" -f /dev/null; done' _"
                + " $(echo \"$found\" | awk '{print $1}') || true\n"
                + "echo \"$found\" | while read -r pid pgid marker; do [ \"$pgid\" = \"$pid\" ] && [ \"$pgid\" != \"$mine\" ] &&"
                + " kill -KILL \"-$pgid\" 2>/dev/null; kill -KILL \"$pid\" 2>/dev/null; done\n"
                + "exit 0\n";
    }
}
