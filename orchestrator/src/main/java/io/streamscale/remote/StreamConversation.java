package io.streamscale.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link Conversation} over a command's stdin and stdout, however they were opened (local process or SSH channel). */
final class StreamConversation implements Conversation {
    private final String host;
    private final String command;
    private final OutputStream requests;
    private final BufferedReader answers;
    private final Runnable end;
    private final AtomicBoolean closed = new AtomicBoolean();

    StreamConversation(String host, String command, OutputStream requests, InputStream answers, Runnable end) {
        this.host = host;
        this.command = command;
        this.requests = requests;
        this.answers = new BufferedReader(new InputStreamReader(answers, StandardCharsets.UTF_8));
        this.end = end;
    }

    @Override
    public String ask(String line) {
        try {
            requests.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
            String answer = answers.readLine();
            if (answer == null) {
                throw new RemoteException(
                        host, command, -1, "on " + host + ": `" + command + "` ended without answering", null);
            }
            return answer;
        } catch (IOException e) {
            throw RemoteException.unreachable(host, command, e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                requests.close(); // the command sees end of input and ends by itself
            } catch (IOException ignored) {
                // the channel is already gone
            }
            end.run();
        }
    }
}
