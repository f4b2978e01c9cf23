package io.streamscale.fault;

import io.streamscale.readiness.ProbeResult;
import io.streamscale.readiness.Readiness;
import io.streamscale.remote.Remote;
import io.streamscale.service.Endpoint;
import io.streamscale.service.RunningDaemon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A network partition with iptables, in a chain of our own ({@code STREAMSCALE_FAULT}, hooked into INPUT and OUTPUT),
 * so restoring it removes exactly our rules. Two parts: the daemon's listening ports are cut for everyone (nobody
 * reaches it, established connections to it stall), and its node is isolated from the run's other nodes in both
 * directions, for every connection its daemons open or accept ({@link Isolation}). The port the orchestrator's
 * commands reach the node through (its sshd) stays open, so the heal can always reach it. Needs root and iptables on
 * the node.
 */
public final class TrafficCut {
    static final String CHAIN = "STREAMSCALE_FAULT";
    private static final Duration T = Duration.ofSeconds(30);

    private TrafficCut() {}

    /** The command that tells whether cuts are possible on a host (root and a working iptables). */
    public static final String PROBE = "iptables -w -L -n >/dev/null";

    /**
     * Removes every rule of ours on the node (the chain stays, empty): what a run that died mid-partition left behind.
     * Without root or iptables there can be none, and nothing is done.
     */
    public static void clearAll(Remote node) {
        node.exec(
                "command -v iptables >/dev/null 2>&1 && [ \"$(id -u)\" = 0 ] && iptables -w -F " + CHAIN
                        + " 2>/dev/null; true",
                T);
    }

    /**
     * Cuts ({@code cut}) or restores the daemon's traffic, and checks the chain afterwards: after a cut every rule is in
     * it, after a restore none is (a copy left by an earlier cut goes too). A cut that fails halfway removes the rules it
     * had added before it throws, so nothing half-cut stays behind.
     *
     * @throws io.streamscale.remote.RemoteException naming the node and the iptables command that failed
     * @throws IllegalStateException when the chain does not hold what it should afterwards
     */
    public static void apply(Remote node, RunningDaemon d, Isolation isolation, boolean cut) {
        List<String> rules = new ArrayList<>(rules(d));
        rules.addAll(isolation.rules());
        if (!cut) {
            restore(node, rules);
            return;
        }
        node.run(
                "iptables -w -N " + CHAIN + " 2>/dev/null; "
                        + "iptables -w -C INPUT -j " + CHAIN + " 2>/dev/null || iptables -w -I INPUT 1 -j " + CHAIN
                        + "; "
                        + "iptables -w -C OUTPUT -j " + CHAIN + " 2>/dev/null || iptables -w -I OUTPUT 1 -j " + CHAIN,
                T);
        try {
            for (String rule : rules) {
                node.run("iptables -w -A " + CHAIN + " " + rule, T);
            }
            List<String> missing = rules.stream().filter(r -> !present(node, r)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("on " + d.spec().node() + ": " + missing.size() + " rule(s) not in "
                        + CHAIN + " after adding them: " + missing.get(0));
            }
        } catch (RuntimeException e) {
            restore(node, rules);
            throw e;
        }
    }

    private static void restore(Remote node, List<String> rules) {
        for (String rule : rules) {
            // every copy (a cut may have been applied twice); "not there" ends the loop, so the heal is idempotent
            node.exec("while iptables -w -D " + CHAIN + " " + rule + " 2>/dev/null; do :; done", T);
        }
        List<String> left = rules.stream().filter(r -> present(node, r)).toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("on " + node.host() + ": " + left.size() + " rule(s) still in " + CHAIN
                    + " after removing them: " + left.get(0));
        }
    }

    /**
     * Checks from this machine that a cut took (no endpoint of the daemon answers) or a restore did (each answers again
     * within {@code deadline}): rules in the chain are not yet traffic that stops.
     *
     * @throws IllegalStateException naming the endpoint that still (or not yet) answers
     */
    public static void confirm(RunningDaemon d, boolean cut, Duration deadline) {
        if (cut) {
            for (Endpoint e : d.spec().endpoints()) {
                if (e.answers(Duration.ofSeconds(2))) {
                    throw new IllegalStateException(
                            d.spec().label() + ": " + e + " (" + e.purpose() + ") still answers with its traffic cut");
                }
            }
            return;
        }
        var r = Readiness.await(
                d.spec().label() + " reachable",
                deadline,
                () -> {
                    for (Endpoint e : d.spec().endpoints()) {
                        if (!e.answers(Duration.ofSeconds(2))) {
                            return ProbeResult.notReady(e + " (" + e.purpose() + ") does not answer");
                        }
                    }
                    return ProbeResult.ready("every endpoint answers");
                },
                () -> false,
                () -> {});
        if (!r.ready()) {
            throw new IllegalStateException(d.spec().label() + ": traffic restored, but " + r.detail() + " after "
                    + deadline.toSeconds() + " s");
        }
    }

    /**
     * How the daemon's node can be told apart from the run's other nodes ({@code peers}, their addresses): by its
     * net_cls class when it shares a kernel with them (emulated nodes, each started in a class of its own), by address
     * when it is a machine of its own, not at all when the peers' addresses are this machine's too and no class sets it
     * apart (local mode): then only the daemon's ports are cut, and {@link Isolation#how()} says so.
     */
    public static Isolation isolation(Remote node, RunningDaemon d, String address, List<String> peers) {
        List<String> others =
                peers.stream().filter(p -> !p.equals(address)).distinct().toList();
        if (others.isEmpty()) {
            return Isolation.none(
                    peers.isEmpty() ? "the run has no other node" : "every node of the run has its address");
        }
        int keep = node.controlPort().orElse(-1);
        long netClass = netClass(node, d.pid());
        if (netClass != 0) {
            return Isolation.byNetClass(address, netClass, keep);
        }
        // a peer's address that routes to the node itself (loopback aliases, one machine) cannot be cut by address
        String routes = node.exec(
                        others.stream()
                                .map(a -> "ip route get " + a + " 2>/dev/null | head -n 1")
                                .collect(Collectors.joining("; ")),
                        T)
                .stdout();
        if (routes.lines().anyMatch(l -> l.startsWith("local "))) {
            return Isolation.none("the other nodes' addresses are on "
                    + d.spec().node() + " too (one machine) and no net_cls class" + " sets its processes apart");
        }
        return Isolation.byAddress(others, keep);
    }

    /** The net_cls class of a process on the node (0: none, or no net_cls hierarchy mounted). */
    static long netClass(Remote node, long pid) {
        String cmd = "p=$(sed -n 's/^[0-9]*:[^:]*net_cls[^:]*:\\(.*\\)$/\\1/p' /proc/" + pid + "/cgroup 2>/dev/null);"
                + " m=$(awk '$3==\"cgroup\" && $4 ~ /(^|,)net_cls(,|$)/ {print $2; exit}' /proc/mounts);"
                + " if [ -n \"$m\" ] && [ -n \"$p\" ]; then cat \"$m$p/net_cls.classid\" 2>/dev/null || echo 0; else echo 0; fi";
        String out = node.exec(cmd, T).stdout().strip();
        try {
            return Long.parseLong(out);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean present(Remote node, String rule) {
        return node.exec("iptables -w -C " + CHAIN + " " + rule + " 2>/dev/null", T)
                .ok();
    }

    static List<String> rules(RunningDaemon d) {
        List<String> rules = new ArrayList<>();
        for (Endpoint e : d.spec().endpoints()) {
            rules.add("-p tcp -d " + e.address() + " --dport " + e.port() + " -j DROP");
            rules.add("-p tcp -s " + e.address() + " --sport " + e.port() + " -j DROP");
        }
        return rules;
    }
}
