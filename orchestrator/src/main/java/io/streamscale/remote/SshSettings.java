package io.streamscale.remote;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach hosts over SSH, as OpenSSH would: {@code configFile} is an OpenSSH-style config (Host, HostName, Port,
 * User, IdentityFile, UserKnownHostsFile, GlobalKnownHostsFile, ServerAliveInterval); without one, {@code ~/.ssh/config}
 * is used when it exists. {@code agentSocket} is ssh-agent's socket (from SSH_AUTH_SOCK; null for none): its keys are
 * offered first, so passphrase-protected keys work as they do for ssh. {@code globalKnownHosts} are read after the
 * user's known hosts (sites such as DAS-5 keep node keys only in /etc/ssh/ssh_known_hosts).
 */
public record SshSettings(String configFile, Duration connectTimeout, Path agentSocket, List<Path> globalKnownHosts) {
    /** OpenSSH's defaults for GlobalKnownHostsFile. */
    public static final List<Path> SYSTEM_KNOWN_HOSTS =
            List.of(Path.of("/etc/ssh/ssh_known_hosts"), Path.of("/etc/ssh/ssh_known_hosts2"));

    public SshSettings {
        globalKnownHosts = List.copyOf(globalKnownHosts);
    }

    /** The user's environment: ssh-agent from SSH_AUTH_SOCK, the system-wide known hosts. */
    public SshSettings(String configFile, Duration connectTimeout) {
        this(configFile, connectTimeout, agentFromEnvironment(), SYSTEM_KNOWN_HOSTS);
    }

    public static SshSettings defaults() {
        return new SshSettings(null, Duration.ofSeconds(10));
    }

    private static Path agentFromEnvironment() {
        String sock = System.getenv("SSH_AUTH_SOCK");
        return sock == null || sock.isBlank() ? null : Path.of(sock);
    }

    public SshSettings withAgent(Path socket) {
        return new SshSettings(configFile, connectTimeout, socket, globalKnownHosts);
    }

    public SshSettings withGlobalKnownHosts(List<Path> files) {
        return new SshSettings(configFile, connectTimeout, agentSocket, files);
    }

    /** The files of an OpenSSH option value (space-separated, ~ for the home directory). */
    static List<Path> paths(String optionValue, List<Path> defaults) {
        if (optionValue == null || optionValue.isBlank()) {
            return defaults;
        }
        List<Path> out = new ArrayList<>();
        for (String f : optionValue.trim().split("\\s+")) {
            out.add(f.startsWith("~/") ? Path.of(System.getProperty("user.home"), f.substring(2)) : Path.of(f));
        }
        return out;
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
