package io.streamscale.remote;

/**
 * A long-lived command on a host that answers one line for each line it is sent, over one channel kept open (for
 * example a clock probe: one read of the node's clock per request, with no process or channel set up in between).
 * Not thread-safe: one asker at a time. {@link #close()} ends the command and is idempotent.
 */
public interface Conversation extends AutoCloseable {

    /**
     * Sends {@code line} and waits for the command's answer.
     *
     * @throws RemoteException naming the host and command when the command has ended or the channel broke
     */
    String ask(String line);

    @Override
    void close();
}
