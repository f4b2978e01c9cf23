package io.streamscale.service;

/** An address:port a daemon needs is taken; the message names the port and, when known, the process holding it. */
public class PortInUseException extends RuntimeException {
    public PortInUseException(String message) {
        super(message);
    }
}
