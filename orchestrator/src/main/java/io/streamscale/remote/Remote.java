package io.streamscale.remote;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Runs commands on one host and moves files to and from it. The same contract holds for a local host (processes on
 * this machine) and a remote one (SSH), so services and faults are written once.
 *
 * <p>Commands are POSIX {@code sh} command lines. Implementations are thread-safe; {@link #close()} is idempotent.
 */
public interface Remote extends AutoCloseable {

    /** The host name this remote talks to, as used in log lines and errors. */
    String host();

    /**
     * Runs a command to completion and returns its exit code and output. A non-zero exit is not an error here.
     *
     * @throws RemoteException if the command could not be run at all or did not finish within {@code timeout}
     */
    ExecResult exec(String command, Duration timeout);

    /**
     * Runs a command with its stdin read from {@code stdin} and its stdout written to {@code stdout} (stderr is kept
     * in the result); for streams too large to hold in memory. A non-zero exit is not an error here.
     *
     * @throws RemoteException if the command could not be run at all or did not finish within {@code timeout}
     */
    ExecResult exec(String command, InputStream stdin, OutputStream stdout, Duration timeout);

    /**
     * Runs a command that must succeed.
     *
     * @throws RemoteException naming host, command, exit code and stderr when the exit code is not 0
     */
    default ExecResult run(String command, Duration timeout) {
        ExecResult result = exec(command, timeout);
        if (result.exitCode() != 0) {
            throw RemoteException.failed(host(), command, result);
        }
        return result;
    }

    /**
     * Starts {@code command} and keeps its stdin and stdout open for a line-by-line conversation (stderr is discarded).
     *
     * @throws RemoteException naming host and command if it could not be started
     */
    Conversation converse(String command);

    /** Writes {@code content} to {@code path} on the host, creating parent directories. */
    void write(String path, byte[] content);

    /** Copies a local file to {@code remotePath} on the host, creating parent directories. */
    void upload(Path local, String remotePath);

    /** Copies {@code remotePath} on the host to a local file, creating parent directories. */
    void download(String remotePath, Path local);

    /** Copies the contents of a local directory into {@code remoteDir} on the host, as one tar stream. */
    default void uploadTree(Path localDir, String remoteDir, Duration timeout) {
        TarPipe.upload(this, localDir, remoteDir, timeout);
    }

    /** Copies the contents of {@code remoteDir} on the host into a local directory, as one tar stream. */
    default void downloadTree(String remoteDir, Path localDir, Duration timeout) {
        TarPipe.download(this, remoteDir, localDir, timeout);
    }

    /**
     * Runs {@code launch}, a command that starts a process in the background and prints its pid, and returns what it
     * printed. Over ssh that is a command like any other; a launcher whose commands end with their process tree (srun
     * steps) keeps the launch's step alive as long as what it started.
     */
    default String launchBackground(String launch, Duration timeout) {
        return run(launch, timeout).stdout();
    }

    /**
     * Sends a signal (a name such as {@code TERM}, {@code KILL}, {@code STOP}, {@code CONT}) to a process.
     *
     * @return true if the process existed and the signal was delivered
     */
    default boolean signal(long pid, String signal) {
        return exec("kill -" + signal + " " + pid, Duration.ofSeconds(30)).exitCode() == 0;
    }

    /**
     * The TCP port on the host that this remote's commands travel through (its sshd): a network fault leaves it open, so
     * its heal can reach the host. Empty when the commands do not travel over TCP to the host.
     */
    default OptionalInt controlPort() {
        return OptionalInt.empty();
    }

    @Override
    void close();
}
