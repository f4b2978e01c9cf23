package io.streamscale.results;

/** Results could not be read or written; the message names the file or directory. */
public final class ResultsException extends RuntimeException {
    public ResultsException(String message) {
        super(message);
    }

    public ResultsException(String message, Throwable cause) {
        super(message, cause);
    }
}
