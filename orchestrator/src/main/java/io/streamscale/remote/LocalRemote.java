package io.streamscale.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands as local processes ({@code /bin/sh -c}); used for local mode, where every node is this machine. */
public final class LocalRemote implements Remote {
    private final String host;

    public LocalRemote(String host) {
        this.host = host;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public ExecResult exec(String command, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = exec(command, InputStream.nullInputStream(), out, timeout);
        return new ExecResult(r.exitCode(), out.toString(StandardCharsets.UTF_8), r.stderr());
    }

    @Override
    public ExecResult exec(String command, InputStream stdin, OutputStream stdout, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", command).start();
        } catch (IOException e) {
            throw RemoteException.unreachable(host, command, e);
        }
        CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
            try (OutputStream in = p.getOutputStream()) {
                stdin.transferTo(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        CompletableFuture<Void> copy = CompletableFuture.runAsync(() -> {
            try (InputStream out = p.getInputStream()) {
                out.transferTo(stdout);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new RemoteException(
                        host,
                        command,
                        -1,
                        "on " + host + ": `" + command + "` did not finish within " + timeout.toSeconds() + " s",
                        null);
            }
            copy.join();
            feed.exceptionally(e -> null).join(); // a command that stops reading early is judged by its exit code
            return new ExecResult(p.exitValue(), "", err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw RemoteException.unreachable(host, command, e);
        }
    }

    @Override
    public Conversation converse(String command) {
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw RemoteException.unreachable(host, command, e);
        }
        return new StreamConversation(host, command, p.getOutputStream(), p.getInputStream(), () -> {
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        });
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void write(String path, byte[] content) {
        try {
            Path target = Path.of(path);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(target, content);
        } catch (IOException e) {
            throw RemoteException.unreachable(host, "write " + path, e);
        }
    }

    @Override
    public void upload(Path local, String remotePath) {
        copy(local, Path.of(remotePath), "upload " + local + " " + remotePath);
    }

    @Override
    public void download(String remotePath, Path local) {
        copy(Path.of(remotePath), local, "download " + remotePath + " " + local);
    }

    private void copy(Path from, Path to, String what) {
        try {
            if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
                return;
            }
            Files.createDirectories(to.toAbsolutePath().getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw RemoteException.unreachable(host, what, e);
        }
    }

    @Override
    public void close() {}
}
