package io.streamscale.service;

/** A daemon died, did not become ready in time, or would not stop; the message names node, service and log tail. */
public class DaemonFailedException extends RuntimeException {
    public DaemonFailedException(String message) {
        super(message);
    }
}
