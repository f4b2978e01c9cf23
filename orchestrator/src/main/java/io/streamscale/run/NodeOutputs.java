package io.streamscale.run;

import io.streamscale.cluster.OnEachNode;
import io.streamscale.cluster.Remotes;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.remote.RemoteException;
import io.streamscale.remote.Shell;
import io.streamscale.results.RunDirectory;
import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import io.streamscale.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the jobs wrote on the nodes' scratch, brought into the run directory (generator summaries after the load;
 * Parquet output, checkpoint and progress at teardown), and the run's node scratch removed afterwards. Jobs write to
 * node-local disk during the load even where the nodes share this machine's files, so no shared filesystem (NFS) is in
 * the measured path; there each node copies its files into the run directory itself, elsewhere they come through the
 * node's connection. Each step's failures are returned, never thrown, so teardown goes on. Every node writes into the
 * same paths of its own scratch, so each node's tree is fetched into a staging directory of its own and merged in
 * ({@link #merge}): a file never replaces one another node delivered.
 */
final class NodeOutputs {
    private static final Logger log = LoggerFactory.getLogger(NodeOutputs.class);
    private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(30);
    private final Topology topology;
    private final Remotes remotes;
    private final RunDirectory.JobPaths paths;
    private final RunDirectory dir;
    private final boolean copyOnNode;
    private boolean generatorsFetched;

    /**
     * @param paths      where the jobs wrote, on the nodes
     * @param copyOnNode the nodes see the run directory (a shared filesystem): each copies its files there
     */
    NodeOutputs(Topology topology, Remotes remotes, RunDirectory.JobPaths paths, RunDirectory dir, boolean copyOnNode) {
        this.topology = topology;
        this.remotes = remotes;
        this.paths = paths;
        this.dir = dir;
        this.copyOnNode = copyOnNode;
    }

    void fetchGeneratorSummaries() {
        if (!generatorsFetched) {
            OnEachNode.apply(
                    topology.with(Role.GENERATOR).stream().map(n -> n.name()).toList(), n -> {
                        fetchTree(remotes.apply(n), n, paths.generators(), dir.generators());
                        return null;
                    });
            generatorsFetched = true;
        }
    }

    /**
     * Output parts from every Spark node (executors write them), checkpoint and progress from the driver's. Nodes a
     * fetch failed from are added to {@code unfetched}: their scratch is what is left of the run there.
     */
    List<String> fetchJobOutputs(Set<String> unfetched) {
        long t0 = System.nanoTime();
        List<String> problems = new ArrayList<>();
        String driver = topology.with(Role.SPARK_MASTER).get(0).name();
        problems.addAll(OnEachNode.problems(topology.nodes(), n -> {
            List<String> p = new ArrayList<>();
            try {
                fetchFrom(n, driver, p);
            } catch (RuntimeException e) { // an unreachable node: the others are still fetched
                p.add("fetching from " + n.name() + ": " + e.getMessage());
            }
            if (!p.isEmpty()) {
                unfetched.add(n.name());
            }
            return p;
        }));
        try {
            SinkMetadata.relocate(dir.output(), paths.output());
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
        log.info(
                "results: fetched from {} node(s) into {} in {} ms",
                topology.nodes().size(),
                dir.root(),
                (System.nanoTime() - t0) / 1_000_000);
        return problems;
    }

    private void fetchFrom(Node n, String driver, List<String> problems) {
        Remote r = remotes.apply(n.name());
        List<String[]> trees = new ArrayList<>();
        if (n.has(Role.SPARK_WORKER)
                || n.has(Role.GENERATOR)) { // executors write it; with the Kafka sink, the delivery reader
            trees.add(new String[] {paths.output(), dir.output().toString()});
        }
        if (n.name().equals(driver)) {
            trees.add(new String[] {paths.checkpoint(), dir.checkpoint().toString()});
        }
        if (n.has(Role.GENERATOR) && !generatorsFetched) { // after a failure mid-load
            trees.add(new String[] {paths.generators(), dir.generators().toString()});
        }
        for (String[] t : trees) {
            if (Path.of(t[0]).equals(Path.of(t[1]))) {
                continue; // written in place (real-time Parquet on a shared filesystem)
            }
            if (r.exec("test -d " + Shell.quote(t[0]), Duration.ofSeconds(30)).ok()) {
                try {
                    fetchTree(r, n.name(), t[0], Path.of(t[1]));
                } catch (RuntimeException e) {
                    problems.add("fetching " + t[0] + " from " + n.name() + ": " + e.getMessage());
                }
            }
        }
        if (n.name().equals(driver)) {
            for (String[] f : new String[][] {
                {paths.progress(), dir.progress().toString()},
                {paths.commits(), dir.commits().toString()}
            }) {
                if (r.exec("test -f " + Shell.quote(f[0]), Duration.ofSeconds(30))
                        .ok()) {
                    try {
                        if (copyOnNode) {
                            copy(r, n.name(), "cp " + Shell.quote(f[0]) + " " + Shell.quote(f[1]));
                        } else {
                            r.download(f[0], Path.of(f[1]));
                        }
                    } catch (RuntimeException e) {
                        problems.add("fetching " + f[0] + " from " + n.name() + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    /** One node's {@code remoteDir} into {@code into}, through a staging directory beside it; what arrived is merged in. */
    private void fetchTree(Remote r, String node, String remoteDir, Path into) {
        Path staging = into.resolveSibling("." + into.getFileName() + "-from-" + node);
        try {
            if (copyOnNode) {
                copy(
                        r,
                        node,
                        "mkdir -p " + Shell.quote(staging.toString()) + " && cp -a " + Shell.quote(remoteDir) + "/. "
                                + Shell.quote(staging.toString()) + "/");
            } else {
                r.downloadTree(remoteDir, staging, FETCH_TIMEOUT);
            }
        } finally { // a fetch cut short still delivers what it brought, as a direct one would
            try {
                merge(staging, into, node);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot move what " + node + " sent from " + staging + " into " + into, e);
            } finally {
                deleteTree(staging);
            }
        }
    }

    /** Runs a copy on the node, into the run directory it sees. */
    private static void copy(Remote r, String node, String command) {
        ExecResult x = r.exec(command, FETCH_TIMEOUT);
        if (!x.ok()) {
            throw RemoteException.failed(node, command, x);
        }
    }

    /**
     * Moves every file under {@code from} to the same place under {@code into}. Where a file of that name is there
     * already (another node's: real-time files are named by epoch and task, and a task retried on another node leaves
     * one on each), the same bytes are kept once and different ones are kept both, this node's renamed
     * {@code NODE-NAME} beside it (a {@code *.parquet} name stays one, so the analysis reads and counts both).
     *
     * Nodes are fetched at once and a move checks for the target before it renames, so merges take turns (they only
     * rename files).
     *
     * @return the files kept under their node's name
     */
    static synchronized List<Path> merge(Path from, Path into, String node) throws IOException {
        List<Path> renamed = new ArrayList<>();
        if (!Files.isDirectory(from)) {
            return renamed;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(from)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = into.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            try {
                Files.move(f, target); // never REPLACE_EXISTING: generator summaries arrive from several nodes at once
            } catch (FileAlreadyExistsException e) {
                if (Files.mismatch(f, target) >= 0) {
                    Path beside = target.resolveSibling(node + "-" + target.getFileName());
                    Files.move(f, beside);
                    renamed.add(beside);
                    log.warn(
                            "{} from {} differs from the one already fetched: kept as {}",
                            target,
                            node,
                            beside.getFileName());
                }
            }
        }
        return renamed;
    }

    /**
     * The run's node-local directories ({@code nodeRoot}) on every node but those in {@code keep} (a fetch from them
     * failed: the scratch holds what the run directory lacks); a shipped runtime stays for reuse.
     */
    static List<String> removeScratch(Topology topology, Remotes remotes, String nodeRoot, Set<String> keep) {
        return OnEachNode.problems(topology.nodes().stream().map(Node::name).toList(), n -> {
            if (keep.contains(n)) {
                return List.of("scratch kept on " + n + ": " + nodeRoot
                        + " (a fetch from it failed; copy what the run directory lacks, then remove it)");
            }
            try {
                remotes.apply(n).run("rm -rf " + Shell.quote(nodeRoot), Duration.ofMinutes(2));
                return List.of();
            } catch (RuntimeException e) {
                return List.of("removing " + nodeRoot + " on " + n + ": " + e.getMessage());
            }
        });
    }

    /** The emulated nodes' scratch of a local run. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", root, e.getMessage());
        }
    }
}
