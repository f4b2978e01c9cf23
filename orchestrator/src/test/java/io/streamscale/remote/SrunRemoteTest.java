package io.streamscale.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SrunRemoteTest {
    @Test
    void stepsOverlapExplicitlyOnlyWhereSlurmHasTheOption() {
        assertEquals(" --overlap", SrunRemote.overlapFlag("slurm-wlm 22.05.8\n"));
        assertEquals(" --overlap", SrunRemote.overlapFlag("slurm 20.11.0"));
        assertEquals("", SrunRemote.overlapFlag("slurm 20.02.7"));
        assertEquals("", SrunRemote.overlapFlag("slurm 17.02.11"), "DAS-5's SLURM: steps share by default");
        assertEquals(" --overlap", SrunRemote.overlapFlag("srun: command not found"), "unknown: the current behaviour");
    }

    @Test
    void aCommandRunsInAStepOnItsNodeOfTheJob() {
        String step = new SrunRemote("node053", "4242").step("echo 'hi'");
        assertEquals(
                "srun --jobid=4242 --nodelist=node053 --nodes=1 --ntasks=1",
                step.substring(0, step.indexOf(" --quiet")).replace(" --overlap", ""));
        assertEquals(
                " --quiet --job-name=streamscale /bin/sh -c " + Shell.quote("echo 'hi'"),
                step.substring(step.indexOf(" --quiet")));
    }
}
