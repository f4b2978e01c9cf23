package io.streamscale.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * The iptables rules that cut a node off from the run's other nodes, both directions, every TCP connection but the
 * one the orchestrator's commands use ({@code keepPort}, its sshd; -1: none to keep), and how they tell the node apart.
 *
 * @param rules rule specifications for {@link TrafficCut}'s chain (without {@code -A CHAIN})
 * @param how   for logs and faults.jsonl: what is cut, or why only the daemon's ports are
 */
public record Isolation(List<String> rules, String how) {
    public Isolation {
        rules = List.copyOf(rules);
    }

    /** No node-wide rules (the daemon's ports are still cut): why not. */
    public static Isolation none(String why) {
        return new Isolation(List.of(), "only the daemon's ports are cut: " + why);
    }

    /** A machine of its own: everything from and to each peer's address is dropped on it. */
    public static Isolation byAddress(List<String> peers, int keepPort) {
        List<String> rules = new ArrayList<>();
        for (String p : peers) {
            rules.add("-p tcp -s " + p + keep(keepPort) + " -j DROP");
            rules.add("-p tcp -d " + p + keep(keepPort) + " -j DROP");
        }
        return new Isolation(rules, "node isolated from " + String.join(", ", peers) + " (by address)");
    }

    /**
     * A node sharing its kernel with the others (emulated nodes): its processes carry net_cls class {@code netClass}.
     * What they send to anyone but the node's own address is dropped, and so is what anyone else sends to that
     * address; a connection needs both directions, so either rule alone would leave none half-open for long.
     */
    public static Isolation byNetClass(String address, long netClass, int keepPort) {
        String c = "0x" + Long.toHexString(netClass);
        return new Isolation(
                List.of(
                        "-p tcp -m cgroup --cgroup " + c + " ! -d " + address + keep(keepPort) + " -j DROP",
                        "-p tcp -d " + address + " -m cgroup ! --cgroup " + c + keep(keepPort) + " -j DROP"),
                "node " + address + " isolated from the other nodes (its processes by net_cls class " + c + ")");
    }

    private static String keep(int port) {
        // multiport: iptables-nft 1.8.9 mistranslates "! --sport P ! --dport P" (it dropped the ssh it should keep)
        return port > 0 ? " -m multiport ! --ports " + port : "";
    }
}
