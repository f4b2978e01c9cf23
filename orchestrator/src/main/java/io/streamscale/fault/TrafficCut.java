package io.streamscale.fault;

import io.streamscale.remote.Remote;
import io.streamscale.service.Endpoint;
import io.streamscale.service.RunningDaemon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A network partition of one daemon with iptables: TCP to and from its endpoints (address:port) is dropped, in a chain
 * of our own ({@code STREAMSCALE_FAULT}, hooked into INPUT and OUTPUT), so restoring it removes exactly our rules. Only
 * the daemon's listening ports are cut (nobody reaches it, established connections to it stall); connections it opens
 * itself (a broker's ZooKeeper session) are not. SSH to the node keeps working, so the heal can always reach it. Needs
 * root and iptables on the node.
 */
public final class TrafficCut {
    static final String CHAIN = "STREAMSCALE_FAULT";
    private static final Duration T = Duration.ofSeconds(30);

    private TrafficCut() {
    }

    /** The command that tells whether cuts are possible on a host (root and a working iptables). */
    public static final String PROBE = "iptables -w -L -n >/dev/null";

    /**
     * Removes every rule of ours on the node (the chain stays, empty): what a run that died mid-partition left behind.
     * Without root or iptables there can be none, and nothing is done.
     */
    public static void clearAll(Remote node) {
        node.exec("command -v iptables >/dev/null 2>&1 && [ \"$(id -u)\" = 0 ] && iptables -w -F " + CHAIN + " 2>/dev/null; true", T);
    }

    public static void apply(Remote node, RunningDaemon d, boolean cut) {
        if (cut) {
            node.run("iptables -w -N " + CHAIN + " 2>/dev/null; "
                    + "iptables -w -C INPUT -j " + CHAIN + " 2>/dev/null || iptables -w -I INPUT 1 -j " + CHAIN + "; "
                    + "iptables -w -C OUTPUT -j " + CHAIN + " 2>/dev/null || iptables -w -I OUTPUT 1 -j " + CHAIN, T);
        }
        for (String rule : rules(d)) {
            String cmd = "iptables -w " + (cut ? "-A " : "-D ") + CHAIN + " " + rule;
            if (cut) {
                node.run(cmd, T);
            } else {
                node.exec(cmd + " 2>/dev/null", T); // already gone is fine: the heal is idempotent
            }
        }
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
