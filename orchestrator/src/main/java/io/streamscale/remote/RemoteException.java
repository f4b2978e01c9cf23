package io.streamscale.remote;

/** A command or transfer on a host failed; the message names the host, the command, the exit code and stderr. */
public class RemoteException extends RuntimeException {
    private final String host;
    private final String command;
    private final int exitCode;

    public RemoteException(String host, String command, int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
        this.command = command;
        this.exitCode = exitCode;
    }

    public static RemoteException failed(String host, String command, ExecResult r) {
        String err = r.stderr().isBlank() ? r.stdout() : r.stderr();
        return new RemoteException(
                host,
                command,
                r.exitCode(),
                "on " + host + ": `" + command + "` exited with " + r.exitCode()
                        + (err.isBlank() ? "" : ": " + err.strip()),
                null);
    }

    public static RemoteException unreachable(String host, String command, Throwable cause) {
        return new RemoteException(
                host, command, -1, "on " + host + ": could not run `" + command + "`: " + cause.getMessage(), cause);
    }

    public String host() {
        return host;
    }

    public String command() {
        return command;
    }

    /** The command's exit code, or -1 when it never ran to completion. */
    public int exitCode() {
        return exitCode;
    }
}
