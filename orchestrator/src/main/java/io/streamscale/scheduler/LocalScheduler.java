package io.streamscale.scheduler;

import io.streamscale.topology.Layout;
import java.util.function.BooleanSupplier;

/** Local mode: node i is loopback alias 127.0.0.(10+i) of this machine; nothing to reserve or release. */
public final class LocalScheduler implements Scheduler {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public Allocation reserve(NodeRequest request, BooleanSupplier cancelled) {
        return new Allocation(
                "local", "local (loopback aliases of this machine)", Layout.localHosts(request.nodes()), null, null);
    }
}
