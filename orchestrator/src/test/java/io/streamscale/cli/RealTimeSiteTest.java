package io.streamscale.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.jobs.scorer.Sink;
import io.streamscale.manifest.RealTimeSite;
import io.streamscale.scheduler.Backend;
import io.streamscale.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-time processing on a cluster whose nodes do not share files is refused before anything is reserved, however the
 * settings were given: its restart removes uncommitted epochs' files on the driver's disk only.
 */
class RealTimeSiteTest {
    @TempDir
    Path tmp;

    @Test
    void oneRunsOptionsAreRefusedNamingThem() throws Exception {
        Cli.Result r = Cli.run(
                "run",
                "--processing",
                "realtime",
                "--no-shared-filesystem",
                "--scheduler",
                "slurm",
                "--results",
                tmp.resolve("results").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(
                r.err()
                        .contains(
                                "--processing realtime with --no-shared-filesystem on --scheduler slurm: real-time mode needs"
                                        + " nodes that share a filesystem: a restarted query removes the files of its uncommitted epochs on the driver's"
                                        + " disk only"),
                r.err());
        assertFalse(Files.exists(tmp.resolve("results")), "nothing reserved, no run directory");
    }

    @Test
    void aManifestsCellIsRefusedAtItsLineWhenTheSchedulerOptionMakesItACluster() throws Exception {
        // the manifest alone passes (a local run shares this machine's files); --scheduler slurm makes it a cluster
        Path m = Files.writeString(tmp.resolve("m.yaml"), """
                experiments:
                  rt:
                    duration: 30s
                    sharedFilesystem: false
                    spark: {processing: realtime}
                    scheduler: {backend: local}
                """);
        Cli.Result r = Cli.run(
                "run",
                m.toString(),
                "--scheduler",
                "slurm",
                "--results",
                tmp.resolve("results").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(
                r.err().contains(m + ":5:")
                        && r.err()
                                .contains("experiments.rt.spark.processing: real-time mode needs nodes"
                                        + " that share a filesystem"),
                r.err());
        assertTrue(
                r.err()
                        .contains(
                                "(sharedFilesystem false, scheduler.backend slurm): set sharedFilesystem true, spark.sink kafka or"
                                        + " spark.processing microbatch (--scheduler slurm given)"),
                r.err());
        assertFalse(Files.exists(tmp.resolve("results")), "nothing reserved, no run directory");
    }

    @Test
    void theKafkaSinkWritesNoFilesOnExecutorsSoNodesNeedNotShareThem() {
        assertEquals(null, RealTimeSite.refusal(Backend.SLURM, false, Sink.KAFKA));
        assertTrue(RealTimeSite.refusal(Backend.SLURM, false, Sink.PARQUET).contains("spark.sink kafka"));
        assertEquals(null, RealTimeSite.refusal(Backend.LOCAL, false, Sink.PARQUET));
    }
}
