package io.streamscale.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Moves directory trees as one tar stream: a local {@code tar} process on this side, a command on the host's side. One
 * stream instead of a transfer per file keeps shipping the runtime (hundreds of jars) and fetching results fast.
 */
final class TarPipe {
    private TarPipe() {}

    /** Copies the contents of {@code localDir} into {@code remoteDir} (created; existing files are overwritten). */
    static void upload(Remote remote, Path localDir, String remoteDir, Duration timeout) {
        String command = "mkdir -p " + Shell.quote(remoteDir) + " && tar -xf - -C " + Shell.quote(remoteDir);
        Process tar = start(remote, command, "tar", "-cf", "-", "-C", localDir.toString(), ".");
        ExecResult r;
        try (InputStream stream = tar.getInputStream()) {
            r = remote.exec(command, stream, OutputStream.nullOutputStream(), timeout);
        } catch (IOException e) {
            throw RemoteException.unreachable(remote.host(), command, e);
        }
        finish(remote, command, tar, r, true);
    }

    /** Copies the contents of {@code remoteDir} into {@code localDir} (created; existing files are overwritten). */
    static void download(Remote remote, String remoteDir, Path localDir, Duration timeout) {
        String command = "tar -cf - -C " + Shell.quote(remoteDir) + " .";
        try {
            Files.createDirectories(localDir);
        } catch (IOException e) {
            throw RemoteException.unreachable(remote.host(), command, e);
        }
        Process tar = start(remote, command, "tar", "-xf", "-", "-C", localDir.toString());
        ExecResult r;
        try (OutputStream stream = tar.getOutputStream()) {
            r = remote.exec(command, InputStream.nullInputStream(), stream, timeout);
        } catch (IOException e) {
            throw RemoteException.unreachable(remote.host(), command, e);
        }
        finish(remote, command, tar, r, false);
    }

    private static Process start(Remote remote, String command, String... tarArgs) {
        try {
            return new ProcessBuilder(tarArgs)
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw RemoteException.unreachable(remote.host(), command, e);
        }
    }

    /** @param localSends whether the local tar produces the stream (its failure then explains the remote one) */
    private static void finish(Remote remote, String command, Process tar, ExecResult r, boolean localSends) {
        try {
            if (!tar.waitFor(60, TimeUnit.SECONDS)) {
                tar.destroyForcibly();
                throw new RemoteException(
                        remote.host(),
                        command,
                        -1,
                        "local tar did not finish next to `" + command + "` on " + remote.host(),
                        null);
            }
            String localErr = new String(tar.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            boolean remoteFailed = r.exitCode() != 0;
            boolean localFailed = tar.exitValue() != 0;
            if (remoteFailed && !(localFailed && localSends)) {
                throw RemoteException.failed(remote.host(), command, r);
            }
            if (localFailed) {
                throw new RemoteException(
                        remote.host(),
                        command,
                        tar.exitValue(),
                        "local tar beside `" + command + "` on " + remote.host() + " exited with " + tar.exitValue()
                                + ": " + localErr,
                        null);
            }
        } catch (InterruptedException e) {
            tar.destroyForcibly();
            Thread.currentThread().interrupt();
            throw RemoteException.unreachable(remote.host(), command, e);
        } catch (IOException e) {
            throw RemoteException.unreachable(remote.host(), command, e);
        }
    }
}
