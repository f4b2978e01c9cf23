package io.streamscale.fault;

/** What a fault does to its target, and how it is healed. */
public enum FaultAction {
    /** SIGKILL; healed by a restart on the same node (restartAfter), else permanent. */
    KILL,
    /** SIGTERM (a clean shutdown); healed like a kill. */
    STOP,
    /** SIGSTOP for {@code for}, then SIGCONT: a hung process that comes back. */
    PAUSE,
    /** The node's traffic dropped (iptables) for {@code for}, then restored. */
    PARTITION;

    public String yaml() {
        return name().toLowerCase();
    }

    /** Whether the fault lasts a given time ({@code for}) and heals by itself. */
    public boolean timed() {
        return this == PAUSE || this == PARTITION;
    }
}
