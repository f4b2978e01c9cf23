package io.streamscale.remote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach hosts over SSH. {@code configFile} is an OpenSSH-style config (Host, HostName, Port, User, IdentityFile,
 * UserKnownHostsFile); without one, {@code ~/.ssh/config} is used when it exists.
 */
public record SshSettings(String configFile, Duration connectTimeout) {

    public static SshSettings defaults() {
        return new SshSettings(null, Duration.ofSeconds(10));
    }

    /** The config file in force, or null when there is none. */
    public Path effectiveConfig() {
        if (configFile != null) {
            return Path.of(configFile);
        }
        Path home = Path.of(System.getProperty("user.home"), ".ssh", "config");
        return Files.isReadable(home) ? home : null;
    }
}
