package io.streamscale.cluster;

import io.streamscale.common.AtomicFiles;
import io.streamscale.common.Json;
import io.streamscale.service.DaemonSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that knows the layout of a cluster's state directory: {@code cluster.json} (the state),
 * {@code configs/<node>/<daemon>/} (every rendered config), {@code logs/} (daemon logs fetched from nodes) and, in
 * local mode, {@code nodes/<node>/} (each emulated node's scratch).
 */
public final class StateDir {
    private final Path root;

    public StateDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code ~/.streamscale/cluster}, or STREAMSCALE_STATE when set. */
    public static Path defaultRoot() {
        String env = System.getenv("STREAMSCALE_STATE");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".streamscale", "cluster");
    }

    public Path root() {
        return root;
    }

    public Path stateFile() {
        return root.resolve("cluster.json");
    }

    public Path localNodesRoot() {
        return root.resolve("nodes");
    }

    public Path configsDir() {
        return root.resolve("configs");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }

    public Optional<ClusterState> load() {
        if (!Files.exists(stateFile())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(stateFile().toFile(), ClusterState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cluster state " + stateFile() + ": " + e.getMessage(), e);
        }
    }

    /** Atomically replaces the state file. */
    public void save(ClusterState state) {
        try {
            AtomicFiles.writeJson(stateFile(), state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cluster state " + stateFile(), e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a copy of every file a daemon was configured with, for provenance. */
    public void keepConfigs(DaemonSpec spec) {
        Path dir = configsDir().resolve(spec.node()).resolve(spec.id());
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> f : spec.files().entrySet()) {
                Files.writeString(dir.resolve(Path.of(f.getKey()).getFileName()), f.getValue());
            }
            Files.writeString(dir.resolve("command.txt"), String.join(" ", spec.command()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write configs under " + dir, e);
        }
    }

    public Path localLogCopy(DaemonSpec spec) {
        return logsDir().resolve(spec.node() + "-" + spec.id() + ".log");
    }
}
