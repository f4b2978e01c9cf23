package io.streamscale.scheduler;

/** A reservation could not be made, started or read; the message names the command and the batch system's answer. */
public class SchedulerException extends RuntimeException {
    public SchedulerException(String message) {
        super(message);
    }

    public SchedulerException(String message, Throwable cause) {
        super(message, cause);
    }
}
