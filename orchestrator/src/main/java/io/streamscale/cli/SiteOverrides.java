package io.streamscale.cli;

import io.streamscale.run.SiteSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that say where nodes come from and how they are reached, over a manifest's {@code scheduler.*} (or, for
 * one run without a manifest, over the defaults). One definition for {@code run} and {@code capacity}, so a capacity
 * search is reserved exactly as a run would be.
 */
final class SiteOverrides {
    @Option(names = "--scheduler", paramLabel = "BACKEND",
            description = "Where nodes come from: local (loopback aliases, the default for one run), slurm (a holding job from a"
                    + " login node, or the enclosing allocation inside sbatch/salloc) or prun (DAS-5's preserve). With a manifest:"
                    + " overrides its scheduler.backend.")
    io.streamscale.scheduler.Backend scheduler;
    @Option(names = "--ssh-config", paramLabel = "FILE",
            description = "OpenSSH config to reach cluster nodes (default: ~/.ssh/config). With a manifest: overrides scheduler.sshConfig.")
    Path sshConfig;
    @Option(names = "--java-home", paramLabel = "DIR", description = "The JDK (17+) the daemons run on, at this path on every node"
            + " (default: the one running streamscale; a manifest's scheduler.javaHome). Every node is checked before anything starts.")
    String javaHome;
    @Option(names = "--launcher", paramLabel = "HOW", description = "How commands reach the nodes: ssh or srun (steps of the"
            + " SLURM job; --scheduler slurm). With a manifest: overrides its scheduler.launcher.")
    io.streamscale.scheduler.Launcher launcher;

    /**
     * Checks an option's value as its manifest key's value is checked, so a value that would reach a node's config or
     * command line (a path with a line break, an address with shell syntax) is a usage error, not a broken run.
     */
    static void check(CommandLine cl, String option, String key, String value) {
        if (value == null) {
            return;
        }
        try {
            io.streamscale.manifest.ManifestReader.convertOption(key, value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, option + ": " + e.getMessage());
        }
    }

    /** {@code --ssh-config} as an absolute path, or null. */
    String sshConfigFile() {
        return sshConfig == null ? null : sshConfig.toAbsolutePath().toString();
    }

    /** A manifest's site settings with the options given here in place of theirs. */
    SiteSettings over(SiteSettings s) {
        if (scheduler != null) {
            s = s.withBackend(scheduler);
        }
        if (sshConfig != null) {
            s = s.withSshConfig(sshConfigFile());
        }
        if (javaHome != null) {
            s = s.withJavaHome(javaHome);
        }
        if (launcher != null) {
            s = s.withLauncher(launcher);
        }
        return s;
    }

    /** The options given, as command-line arguments again (a command that runs another passes them on). */
    List<String> args() {
        List<String> a = new ArrayList<>();
        add(a, "--scheduler", scheduler);
        add(a, "--ssh-config", sshConfig);
        add(a, "--java-home", javaHome);
        add(a, "--launcher", launcher);
        return a;
    }

    private static void add(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(value.toString());
        }
    }
}
