package io.streamscale.scheduler;

import java.util.Locale;

/** Where nodes come from: loopback aliases of this machine, SLURM, or DAS-5's preserve ({@code scheduler.backend}). */
public enum Backend {
    LOCAL,
    SLURM,
    PRUN;

    /** As the manifest and the command line write it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
