package io.streamscale.cluster;

import io.streamscale.remote.LocalRemote;
import io.streamscale.remote.Remote;
import io.streamscale.remote.SrunRemote;
import io.streamscale.remote.SshRemote;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One {@link Remote} per node name, opened on first use and closed together. */
public final class Remotes implements Function<String, Remote>, AutoCloseable {
    private final Function<String, Remote> opener;
    private final Map<String, Remote> open = new ConcurrentHashMap<>();

    public Remotes(Transport transport) {
        this(n -> switch (transport.kind()) {
            case "ssh" -> new SshRemote(n, transport.ssh());
            case "srun" -> new SrunRemote(n, transport.slurmJob());
            default -> new LocalRemote(n);
        });
    }

    /** @param opener opens the remote of a node (tests: a recording one) */
    public Remotes(Function<String, Remote> opener) {
        this.opener = opener;
    }

    @Override
    public Remote apply(String node) {
        return open.computeIfAbsent(node, opener);
    }

    @Override
    public void close() {
        open.values().forEach(Remote::close);
        open.clear();
    }
}
