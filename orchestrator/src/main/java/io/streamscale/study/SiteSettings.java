package io.streamscale.study;

import io.streamscale.cluster.Site;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Schema;
import io.streamscale.remote.SshSettings;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.scheduler.AddressRule;
import io.streamscale.scheduler.Allocation;
import io.streamscale.scheduler.Backend;
import io.streamscale.scheduler.Launcher;
import io.streamscale.scheduler.Scheduler;
import io.streamscale.scheduler.Schedulers;
import java.time.Duration;

/**
 * How to get nodes and use them: the scheduler backend and its request details, the address rule, how to reach the
 * nodes (SSH config), their scratch directory and whether they share this machine's files, and the JDK the daemons run
 * on there (null: the one running streamscale, at the same path), and how commands reach them: {@code ssh} or
 * {@code srun} (steps of the SLURM job).
 */
public record SiteSettings(
        Backend backend,
        Duration walltime,
        Duration startTimeout,
        String partition,
        String account,
        String constraint,
        String addressPattern,
        String sshConfig,
        String scratch,
        boolean sharedFilesystem,
        String preserve,
        boolean perRun,
        String javaHome,
        Launcher launcher) {

    /** Why these settings cannot work together, or null. */
    public String conflict() {
        return launcher == Launcher.SRUN && backend != Backend.SLURM
                ? "scheduler.launcher srun runs commands as steps of a SLURM job: it needs scheduler.backend slurm, not "
                        + backend
                : null;
    }

    /** A manifest cell's settings (scheduler.*, scratch, sharedFilesystem). */
    public static SiteSettings of(Cell c) {
        return new SiteSettings(
                c.get(Schema.SCHEDULER_BACKEND),
                c.get(Schema.SCHEDULER_WALLTIME),
                c.get(Schema.SCHEDULER_START_TIMEOUT),
                c.get(Schema.SCHEDULER_PARTITION),
                c.get(Schema.SCHEDULER_ACCOUNT),
                c.get(Schema.SCHEDULER_CONSTRAINT),
                c.get(Schema.SCHEDULER_ADDRESS_PATTERN),
                c.get(Schema.SCHEDULER_SSH_CONFIG),
                c.get(Schema.SCRATCH),
                c.get(Schema.SHARED_FILESYSTEM),
                c.get(Schema.SCHEDULER_PRESERVE),
                "per-run".equals(c.get(Schema.SCHEDULER_RESERVATION)),
                c.get(Schema.SCHEDULER_JAVA_HOME),
                c.get(Schema.SCHEDULER_LAUNCHER));
    }

    /** The runtime as the nodes run it: with this site's JDK, when one is set. */
    public RuntimeLayout onNodes(RuntimeLayout runtime) {
        return javaHome == null ? runtime : runtime.withInstallations(null, null, javaHome);
    }

    /**
     * Whether each run gets a reservation of its own: scheduler.reservation per-run on a cluster backend, unless this
     * already runs inside a SLURM job (`submit`'s jobs): then the job's nodes serve its runs.
     */
    public boolean reservesPerRun() {
        return perRun && reservesFromFrontEnd();
    }

    /**
     * Whether this machine reserves the nodes it uses (a cluster's front-end, where nothing but orchestration may run),
     * rather than being local or inside a SLURM job whose nodes it uses (`submit`'s jobs: this machine is a node then).
     */
    public boolean reservesFromFrontEnd() {
        String job = System.getenv("SLURM_JOB_ID");
        return backend != Backend.LOCAL && !(backend == Backend.SLURM && job != null && !job.isBlank());
    }

    Scheduler scheduler() {
        return Schedulers.create(backend, new AddressRule(addressPattern), preserve);
    }

    /** The site an allocation gives: local processes for the local backend, SSH or srun steps to the hosts otherwise. */
    public Site site(Allocation a) {
        if (backend == Backend.LOCAL) {
            return Site.local(a.description(), a.hosts());
        }
        String dir = scratch.replace("${USER}", System.getProperty("user.name"));
        if (launcher == Launcher.SRUN) {
            return new Site(a.description(), a.hosts(), null, dir, sharedFilesystem, a.id());
        }
        return new Site(
                a.description(), a.hosts(), new SshSettings(sshConfig, Duration.ofSeconds(10)), dir, sharedFilesystem);
    }
}
