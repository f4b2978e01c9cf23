package io.streamscale.jobs.node;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The node a job runs on, as the orchestrator names it ({@value #ENV}, which it sets on every daemon it starts): rows
 * carry it so the analysis corrects their timestamps by that node's clock offset. Without it, the first of the given
 * fallback variables that is set, else the host name.
 */
public final class NodeName {
    public static final String ENV = "STREAMSCALE_NODE";

    private NodeName() {}

    public static String here(String... fallbackEnv) {
        String node = System.getenv(ENV);
        for (int i = 0; (node == null || node.isBlank()) && i < fallbackEnv.length; i++) {
            node = System.getenv(fallbackEnv[i]);
        }
        if (node != null && !node.isBlank()) {
            return node;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
