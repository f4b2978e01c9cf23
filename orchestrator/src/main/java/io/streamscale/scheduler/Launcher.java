package io.streamscale.scheduler;

import java.util.Locale;

/** How commands reach reserved nodes: OpenSSH, or steps of the SLURM job ({@code scheduler.launcher}). */
public enum Launcher {
    SSH,
    SRUN;

    /** As the manifest and the command line write it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
