package io.streamscale.jobs.clock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Answers each line read with this JVM's wall clock, {@code seconds.micros} since the epoch: the clock the node's
 * generators and executors stamp rows with ({@code Instant.now()}). The orchestrator keeps one channel open to it per
 * node and measures the node's offset from the answers; a shell's clock can differ from the JVM's (libfaketime, for
 * one, shifts the JVM and {@code date} but not bash's {@code $EPOCHREALTIME}).
 */
public final class ClockResponder {
    private ClockResponder() {}

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        while (in.readLine() != null) {
            out.println(format(Instant.now()));
            out.flush();
        }
    }

    static String format(Instant t) {
        return t.getEpochSecond() + "." + String.format(Locale.ROOT, "%06d", t.getNano() / 1000);
    }
}
