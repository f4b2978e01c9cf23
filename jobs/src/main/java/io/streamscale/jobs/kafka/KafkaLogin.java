package io.streamscale.jobs.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The run's Kafka login (security.protocol, sasl.mechanism, sasl.jaas.config), read from the 0600 file the orchestrator
 * wrote on this node ({@code --kafka-config}); none where the run's Kafka takes anyone. Read from a file so that no
 * command line carries the password.
 */
public final class KafkaLogin {
    private KafkaLogin() {}

    /** The file's settings; empty for no file. */
    public static Map<String, String> read(Path file) {
        Map<String, String> out = new TreeMap<>();
        if (file == null) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run's Kafka login from " + file, e);
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** {@code client} with the login of {@code file} added. */
    public static Properties apply(Properties client, Path file) {
        client.putAll(read(file));
        return client;
    }
}
