package io.streamscale.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** An address:port a daemon listens on; {@code purpose} says which of its ports it is (client, peer, web UI...). */
public record Endpoint(String address, int port, String purpose) {
    /**
     * True if something holds the port now (seen from this machine): it accepts connections, or it does not answer
     * in time (a listener with a full backlog). Only a refused connection means nothing listens there.
     */
    public boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 500);
            return true;
        } catch (SocketTimeoutException busy) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** True only if a connection is established within {@code timeout} (a port whose traffic is dropped does not answer). */
    public boolean answers(Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
