package io.streamscale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.remote.ExecResult;
import io.streamscale.remote.Remote;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.testing.RecordingRemote;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The control plane's steps with nothing started: each step timed and its problems named by node; teardown always. */
class ControlPlaneCheckTest {
    @Test
    void aNodeThatDoesNotAnswerFailsEachStepForItselfAndTheOthersAreStillCleanedUp() {
        RecordingRemote n1 = new RecordingRemote(
                "n1",
                c -> c.contains("J=")
                        ? new ExecResult(
                                0, "java openjdk version \"17.0.15\"\nscratch 999999999\nglibc ldd 2.36\ndone\n", "")
                        : new ExecResult(0, "", ""));
        Function<String, Remote> remotes = n -> {
            if (n.equals("n2")) {
                throw new IllegalStateException("n2: connection refused");
            }
            return n1;
        };
        var needs = List.of(
                new Preflight.NodeNeeds("n1", "/jdk/bin/java", "/s/run", 1, List.of()),
                new Preflight.NodeNeeds("n2", "/jdk/bin/java", "/s/run", 1, List.of()));

        List<ControlPlaneCheck.Step> steps = ControlPlaneCheck.run(
                new ControlPlaneCheck.Plan(needs, "/s/run", null),
                remotes,
                new RuntimeLayout("/rt", null, null, "/jdk"));

        assertEquals(
                List.of("connect", "sweep", "preflight", "rules", "clocks-jvm", "teardown"),
                steps.stream().map(ControlPlaneCheck.Step::name).toList(),
                "no runtime step where the nodes share this machine's files");
        for (String s : List.of("connect", "preflight", "teardown")) {
            List<String> p = steps.stream()
                    .filter(x -> x.name().equals(s))
                    .findFirst()
                    .orElseThrow()
                    .problems();
            assertTrue(!p.isEmpty() && p.stream().allMatch(x -> x.contains("n2")), s + ": " + p);
        }
        assertTrue(n1.commands.contains("rm -rf /s/run"), "n1's scratch removed: " + n1.commands);
    }
}
