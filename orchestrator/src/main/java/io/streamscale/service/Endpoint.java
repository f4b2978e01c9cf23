package io.streamscale.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** An address:port a daemon listens on; {@code purpose} says which of its ports it is (client, peer, web UI...). */
public record Endpoint(String address, int port, String purpose) {
    /** True if something accepts TCP connections there now (seen from this machine). */
    public boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
