package io.streamscale.cli;

import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Key;
import io.streamscale.manifest.Schema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that say where nodes come from and how they are reached: each sets its manifest key ({@code
 * scheduler.*}, {@code scratch}, {@code sharedFilesystem}) in every cell, checked as the manifest's value is, so the
 * site comes from the cell like every other setting. One definition for {@code run} and {@code capacity}, so a
 * capacity search is reserved exactly as a run would be.
 */
final class SiteOverrides {
    @Option(
            names = "--scheduler",
            paramLabel = "BACKEND",
            description = "Where nodes come from: local (loopback aliases,"
                    + " the default), slurm (a holding job from a login node, or the enclosing allocation inside sbatch/salloc) or"
                    + " prun (DAS-5's preserve). With a manifest: overrides its scheduler.backend.")
    String scheduler;

    @Option(
            names = "--ssh-config",
            paramLabel = "FILE",
            description = "OpenSSH config to reach cluster nodes (default:"
                    + " ~/.ssh/config). With a manifest: overrides scheduler.sshConfig.")
    Path sshConfig;

    @Option(
            names = "--java-home",
            paramLabel = "DIR",
            description = "The JDK (17+) the daemons run on, at this path on"
                    + " every node (default: the one running streamscale; a manifest's scheduler.javaHome). Every node is checked"
                    + " before anything starts.")
    String javaHome;

    @Option(
            names = "--launcher",
            paramLabel = "HOW",
            description = "How commands reach the nodes: ssh or srun (steps of"
                    + " the SLURM job; --scheduler slurm). With a manifest: overrides its scheduler.launcher.")
    String launcher;

    @Option(
            names = "--scratch",
            paramLabel = "DIR",
            description =
                    "Node-local scratch on cluster nodes (default:" + " /tmp/streamscale-$USER; a manifest's scratch).")
    String scratch;

    @Option(
            names = "--shared-filesystem",
            negatable = true,
            description = "Whether cluster nodes see this checkout and"
                    + " --results at the same paths (default: yes; a manifest's sharedFilesystem). With --no-shared-filesystem the"
                    + " runtime and model are shipped to each node's scratch and results fetched back.")
    Boolean sharedFilesystem;

    @Option(
            names = "--address-pattern",
            paramLabel = "PATTERN",
            description = "The address daemons bind to, from the"
                    + " host name (default: {host}; DAS-5 InfiniBand: {host}.ib.cluster).")
    String addressPattern;

    @Option(names = "--partition", paramLabel = "NAME", description = "SLURM partition for the reservation.")
    String partition;

    @Option(
            names = "--start-timeout",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long a pending reservation may wait before it is cancelled (default: 30m).")
    Duration startTimeout;

    /** Option → the key it sets, with the value given (options not given are left out). */
    private Map<String, Map.Entry<Key<?>, String>> given() {
        Map<String, Map.Entry<Key<?>, String>> g = new LinkedHashMap<>();
        put(g, "--scheduler", Schema.SCHEDULER_BACKEND, scheduler);
        put(
                g,
                "--ssh-config",
                Schema.SCHEDULER_SSH_CONFIG,
                sshConfig == null ? null : sshConfig.toAbsolutePath().toString());
        put(g, "--java-home", Schema.SCHEDULER_JAVA_HOME, javaHome);
        put(g, "--launcher", Schema.SCHEDULER_LAUNCHER, launcher);
        put(g, "--scratch", Schema.SCRATCH, scratch);
        put(
                g,
                "--shared-filesystem",
                Schema.SHARED_FILESYSTEM,
                sharedFilesystem == null ? null : sharedFilesystem.toString());
        put(g, "--address-pattern", Schema.SCHEDULER_ADDRESS_PATTERN, addressPattern);
        put(g, "--partition", Schema.SCHEDULER_PARTITION, partition);
        put(
                g,
                "--start-timeout",
                Schema.SCHEDULER_START_TIMEOUT,
                startTimeout == null ? null : startTimeout.toMillis() + "ms");
        return g;
    }

    private static void put(Map<String, Map.Entry<Key<?>, String>> g, String option, Key<?> key, String value) {
        if (value != null) {
            g.put(option, Map.entry(key, value));
        }
    }

    /** The backend --scheduler names, as a manifest would write it, or null when not given. */
    String backend() {
        return scheduler;
    }

    /**
     * The cells with the options given in place of their settings.
     *
     * @throws CommandLine.ParameterException naming the option whose value breaks its key's rule
     */
    List<Cell> over(CommandLine cl, List<Cell> cells) {
        return cells.stream().map(c -> over(cl, c)).toList();
    }

    Cell over(CommandLine cl, Cell c) {
        for (var e : given().entrySet()) {
            String option = e.getKey();
            String text = e.getValue().getValue();
            try {
                c = c.with(e.getValue().getKey(), text, option);
            } catch (IllegalArgumentException bad) {
                throw new CommandLine.ParameterException(cl, option + ": " + bad.getMessage());
            }
        }
        return c;
    }
}
