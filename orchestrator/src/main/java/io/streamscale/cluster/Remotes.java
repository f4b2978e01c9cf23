package io.streamscale.cluster;

import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.Remote;
import io.streamscale.remote.SshRemote;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One {@link Remote} per node name, opened on first use and closed together. */
public final class Remotes implements Function<String, Remote>, AutoCloseable {
    private final Transport transport;
    private final Map<String, Remote> open = new ConcurrentHashMap<>();

    public Remotes(Transport transport) {
        this.transport = transport;
    }

    @Override
    public Remote apply(String node) {
        return open.computeIfAbsent(node, n -> transport.usesSsh() ? new SshRemote(n, transport.ssh()) : new LocalRemote(n));
    }

    @Override
    public void close() {
        open.values().forEach(Remote::close);
        open.clear();
    }
}
