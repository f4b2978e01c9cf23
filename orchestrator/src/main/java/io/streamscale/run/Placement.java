package io.streamscale.run;

import io.streamscale.cluster.ClusterLauncher;
import io.streamscale.cluster.ClusterTeardown;
import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.OnEachNode;
import io.streamscale.cluster.Preflight;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.RuntimeShipper;
import io.streamscale.cluster.Site;
import io.streamscale.cluster.StaleDaemons;
import io.streamscale.cluster.Transport;
import io.streamscale.fault.TrafficCut;
import io.streamscale.results.RunDirectory;
import io.streamscale.results.RunStatus;
import io.streamscale.runtime.NativeCheck;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.service.DaemonController;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Node;
import io.streamscale.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's first phase: its roles placed on the site's hosts, the nodes made ready for it (an earlier run's daemons
 * stopped, every node checked at once before anything is shipped or started, stale traffic rules cleared), the runtime
 * shipped where the nodes do not see this machine's files, and where the jobs write decided. Nothing is started yet.
 *
 * @param nodes   the topology's node names
 * @param runtime the runtime as the nodes run it (shipped, or this machine's)
 * @param paths   where the jobs write on the nodes
 * @param outputs how the jobs' outputs come back into the run directory (null: local, they are written there)
 */
record Placement(
        Site site,
        Topology topology,
        Transport transport,
        Remotes remotes,
        List<String> nodes,
        RuntimeLayout runtime,
        RunDirectory.JobPaths paths,
        NodeOutputs outputs) {
    private static final Logger log = LoggerFactory.getLogger(Placement.class);
    /** Scratch a node needs free: the runtime (~400 MB) with room for the run's logs and output. */
    static final long SHIPPED_FREE_BYTES = 1L << 30;
    /** Local runs write into the run directory: their logs, output and checkpoint. */
    static final long LOCAL_FREE_BYTES = 128L << 20;

    /**
     * Places the run and prepares its nodes; the remotes it opened are closed when it fails.
     *
     * @throws io.streamscale.cluster.PreflightException a node that cannot run it, with every failure in one table
     */
    static Placement prepare(
            RunSpec spec,
            RunDirectory dir,
            Site site,
            String runId,
            RuntimeLayout localRuntime,
            TemplateRenderer templates,
            RunRecord record,
            Function<Transport, Remotes> openRemotes,
            Instant started) {
        Topology topology = Layout.assign(
                site.hosts(),
                spec.cluster().kafka(),
                spec.cluster().spark(),
                spec.cluster().zookeeper(),
                spec.generators().nodes(),
                spec.cluster().ownMaster());
        Transport transport = site.transport(runId, dir.state());
        Remotes remotes = openRemotes.apply(transport);
        try {
            List<String> nodes = topology.nodes().stream().map(Node::name).toList();
            record.placed(topology, transport.nodeRoot()); // where it runs is recorded even if the nodes do not answer
            if (!site.isLocal()) { // reserved nodes are ours alone: our daemons there are an earlier run's, killed hard
                List<StaleDaemons.Stopped> stale = StaleDaemons.sweep(nodes, remotes);
                if (!stale.isEmpty()) {
                    log.warn(
                            "run {}: stopped {} daemon(s) an earlier run left on its nodes: {}",
                            dir.root().getFileName(),
                            stale.size(),
                            StaleDaemons.describe(stale));
                    record.staleStopped(stale);
                }
            }
            boolean ships = !site.isLocal() && !site.sharedFilesystem();
            boolean shares = !site.isLocal() && site.sharedFilesystem();
            // every node reached at once, then checked at once before anything is shipped or started (ports from a
            // plan on the local runtime: the same ports as the real one); a node not reached is a row of the same table
            // (the clock offsets applied are read later, by the runtime's JVM)
            List<Preflight.Failure> unreached = Preflight.reach(nodes, remotes);
            Preflight.check(
                    Preflight.of(
                            nodes,
                            Deployment.plan(
                                            dir.root().getFileName().toString(),
                                            spec.clusterSpec("preflight"),
                                            topology,
                                            transport,
                                            localRuntime,
                                            templates)
                                    .daemons(),
                            localRuntime.java(),
                            transport.nodeRoot(),
                            (ships ? SHIPPED_FREE_BYTES : LOCAL_FREE_BYTES)
                                    + RunBytes.of(spec).kafkaPerBroker(),
                            shares ? NativeCheck.command(localRuntime.java()) : null),
                    remotes,
                    unreached);
            RunFaults.checkPossible(spec.faults(), nodes, remotes);
            // rules a run that died mid-partition left on these nodes would cut this run's daemons
            OnEachNode.apply(nodes, n -> {
                TrafficCut.clearAll(remotes.apply(n));
                return n;
            });
            record.write(RunStatus.RUNNING, null, started, null);
            RuntimeLayout runtime =
                    ships ? RuntimeShipper.ship(localRuntime, nodes, remotes, site.runtimeCache()) : localRuntime;
            RunDirectory.JobPaths paths = site.isLocal() ? dir.jobPaths() : nodeJobPaths(spec, dir, transport, shares);
            NodeOutputs outputs = site.isLocal() ? null : new NodeOutputs(topology, remotes, paths, dir, shares);
            record.jobOutputs(
                    site.isLocal()
                            ? "the run directory"
                            : "node-local scratch ("
                                    + paths.checkpoint().replaceFirst("/checkpoint$", "") + "), "
                                    + (shares
                                            ? "copied into the run directory by each node"
                                            : "fetched into the run directory")
                                    + " after the drain"
                                    + (paths.output().equals(dir.output().toString())
                                            ? "; the output itself in place (real-time Parquet on"
                                                    + " a shared filesystem)"
                                            : ""));
            return new Placement(site, topology, transport, remotes, nodes, runtime, paths, outputs);
        } catch (RuntimeException e) {
            remotes.close();
            throw e;
        }
    }

    /**
     * Where the jobs write on cluster nodes: node-local scratch, brought into the run directory after the drain, so no
     * shared filesystem is in the measured path. Real-time Parquet on a shared filesystem is the exception: a restarted
     * query removes its uncommitted epochs' files in the one directory every node sees (RealTimeSite).
     */
    private static RunDirectory.JobPaths nodeJobPaths(
            RunSpec spec, RunDirectory dir, Transport transport, boolean shares) {
        RunDirectory.JobPaths local = RunDirectory.nodeJobPaths(transport.nodeRoot() + "/job");
        boolean inPlace = shares && spec.spark().realtime() && !spec.spark().kafkaSink();
        return inPlace
                ? new RunDirectory.JobPaths(
                        local.model(),
                        dir.output().toString(),
                        local.checkpoint(),
                        local.progress(),
                        local.commits(),
                        local.generators())
                : local;
    }

    /**
     * Stops every daemon the run started, brings the jobs' outputs and logs into the run directory and removes each
     * node's scratch once everything of the run has come back from it.
     *
     * @return the run's reason, with the teardown's problems added
     */
    String teardown(ClusterLauncher l, DaemonController controller, RunDirectory dir, String reason) {
        ClusterTeardown down = new ClusterTeardown(controller, dir.state());
        List<String> problems = new ArrayList<>(down.down(l.state(), Duration.ofSeconds(20), true));
        Set<String> unfetched = new ConcurrentSkipListSet<>(down.unfetched()); // nodes fetch at once
        if (outputs != null) {
            problems.addAll(outputs.fetchJobOutputs(unfetched));
        }
        // a node's scratch goes only once everything of the run has come back from it
        if (site.isLocal()) {
            if (unfetched.isEmpty()) {
                NodeOutputs.deleteTree(dir.state().localNodesRoot());
            } else {
                problems.add(
                        "kept " + dir.state().localNodesRoot() + ": logs of " + unfetched + " could not be copied");
            }
        } else {
            problems.addAll(NodeOutputs.removeScratch(topology, remotes, transport.nodeRoot(), unfetched));
        }
        if (problems.isEmpty()) {
            return reason;
        }
        String left = "teardown problems: " + String.join("; ", problems);
        log.error(left);
        return reason == null ? left : reason + "; " + left;
    }

    /** Whether files go to the nodes and back (nodes that do not see this machine's files). */
    boolean shipsFiles() {
        return !site.isLocal() && !site.sharedFilesystem();
    }

    /** Where the model trainer keeps its files on a node: its own scratch when files are shipped, else none. */
    String trainerScratch() {
        return shipsFiles() ? transport.nodeRoot() + "/trainer" : null;
    }
}
