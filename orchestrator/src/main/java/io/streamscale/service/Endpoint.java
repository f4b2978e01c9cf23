package io.streamscale.service;

/** An address:port a daemon listens on; {@code purpose} says which of its ports it is (client, peer, web UI...). */
public record Endpoint(String address, int port, String purpose) {
    @Override
    public String toString() {
        return address + ":" + port;
    }
}
