package io.streamscale.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The orchestrator as a user starts it from a shell: a JVM of its own on the built jars, with SIGINT's default action
 * restored. A suite started in the background ({@code nohup ./mvnw verify &}) passes "ignore SIGINT" down to every
 * child, and a Ctrl-C test must not depend on how the suite was started.
 */
public final class OrchestratorProcess {
    private OrchestratorProcess() {}

    public static ProcessBuilder of(String... args) {
        Path home = TestHome.path();
        List<String> cmd = new ArrayList<>(List.of(
                "env",
                "--default-signal=INT",
                ProcessHandle.current().info().command().orElse("java"),
                "-Dstreamscale.home=" + home,
                "-cp",
                home.resolve("orchestrator/target/streamscale-orchestrator.jar") + ":"
                        + home.resolve("orchestrator/target/lib/*"),
                "io.streamscale.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
