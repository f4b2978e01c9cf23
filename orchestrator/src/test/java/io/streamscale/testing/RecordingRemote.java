package io.streamscale.testing;

import io.streamscale.remote.Conversation;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/** A fake of our own {@link Remote} that records what it is asked and answers from a script: for unit tests only. */
public final class RecordingRemote implements Remote {
    public final List<String> commands = new ArrayList<>();
    public final Map<String, String> written = new LinkedHashMap<>();
    /** What {@link #controlPort()} answers (null: none). */
    public Integer controlPort;

    private final String host;
    private final Function<String, ExecResult> answers;

    public RecordingRemote(String host, Function<String, ExecResult> answers) {
        this.host = host;
        this.answers = answers;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public synchronized ExecResult exec(String command, Duration timeout) {
        commands.add(command);
        return answers.apply(command);
    }

    @Override
    public synchronized ExecResult exec(String command, InputStream stdin, OutputStream stdout, Duration timeout) {
        commands.add(command);
        if (stdin != null) { // consumed, as a remote command would (the sender must not block on a full pipe)
            try {
                stdin.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ExecResult r = answers.apply(command);
        if (stdout == null) {
            return r;
        }
        try { // the answer's output goes where the caller streams it (ISO-8859-1: one char per byte, for binary
            // answers)
            stdout.write(r.stdout().getBytes(StandardCharsets.ISO_8859_1));
            stdout.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }

    /** Answers each line with what the script answers for the command followed by that line. */
    @Override
    public synchronized Conversation converse(String command) {
        commands.add(command);
        return new Conversation() {
            @Override
            public String ask(String line) {
                return answers.apply(command + " <- " + line).stdout();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public synchronized void write(String path, byte[] content) {
        written.put(path, new String(content, StandardCharsets.UTF_8));
    }

    @Override
    public void upload(Path local, String remotePath) {
        commands.add("upload " + local + " " + remotePath);
    }

    @Override
    public void download(String remotePath, Path local) {
        commands.add("download " + remotePath + " " + local);
    }

    @Override
    public OptionalInt controlPort() {
        return controlPort == null ? OptionalInt.empty() : OptionalInt.of(controlPort);
    }

    @Override
    public void close() {}
}
