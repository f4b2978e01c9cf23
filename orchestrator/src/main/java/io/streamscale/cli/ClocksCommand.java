package io.streamscale.cli;

import io.streamscale.cluster.ClockOffsets;
import io.streamscale.cluster.Remotes;
import io.streamscale.cluster.Transport;
import io.streamscale.remote.SshSettings;
import io.streamscale.runtime.RuntimeLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "clocks",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measure each host's clock against this machine's, as every run does before it starts.",
            "",
            "Event latency subtracts a generator node's timestamp from a Spark node's, so it is only as good as "
                    + "their clocks agree. Over one SSH channel per host kept open, a small JVM (the clock that stamps the "
                    + "rows; bash where no JVM answers) answers each request with the host's clock; of at least 100 "
                    + "ping-pongs the quickest is kept (as NTP does): the offset is exact to within half its round trip "
                    + "(the bound). The host's own chrony or ntpd estimate is shown beside it."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale clocks --hosts node301,node302,node303",
            "  streamscale clocks --hosts n1,n2 --ssh-config dev/ssh_config",
            "  streamscale clocks    (this machine against itself: 0 within the bound)"
        })
final class ClocksCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Option(
            names = "--hosts",
            paramLabel = "HOST,...",
            split = ",",
            description = "Hosts to measure over SSH (default: this machine, locally).")
    List<String> hosts;

    @Option(
            names = "--ssh-config",
            paramLabel = "FILE",
            description = "OpenSSH-style config for --hosts (default: ~/.ssh/config).")
    Path sshConfig;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        Transport transport = hosts == null
                ? Transport.local("/tmp")
                : Transport.ssh(
                        new SshSettings(
                                sshConfig == null
                                        ? null
                                        : sshConfig.toAbsolutePath().toString(),
                                Duration.ofSeconds(10)),
                        "/tmp");
        List<String> nodes = hosts == null ? List.of("localhost") : hosts;
        Map<String, ClockOffsets.Offset> offsets = new LinkedHashMap<>();
        Map<String, String> failed;
        try (Remotes remotes = new Remotes(transport)) {
            // the JVM's clock, as a run reads it (this installation's runtime, at the same path on the hosts); bash's
            // where no JVM answers, and the table says which
            ClockOffsets.Readings jvm =
                    ClockOffsets.read(nodes, remotes, ClockOffsets.Probe.jvm(RuntimeLayout.defaults(Home.get())));
            offsets.putAll(jvm.offsets());
            ClockOffsets.Readings shell = jvm.failures().isEmpty()
                    ? jvm
                    : ClockOffsets.read(List.copyOf(jvm.failures().keySet()), remotes, ClockOffsets.Probe.SHELL);
            if (shell != jvm) {
                offsets.putAll(shell.offsets());
            }
            failed = shell.failures();
        }
        out.printf(
                Locale.ROOT,
                "%-16s %12s %10s %6s %6s  %s%n",
                "host",
                "offset ms",
                "± ms",
                "pings",
                "clock",
                "time daemon (host against its reference)");
        nodes.stream().filter(offsets::containsKey).forEach(n -> {
            ClockOffsets.Offset o = offsets.get(n);
            out.printf(
                    Locale.ROOT,
                    "%-16s %+12.3f %10.3f %6d %6s  %s%n",
                    n,
                    o.offsetMillis(),
                    o.boundMillis(),
                    o.pings(),
                    o.clock(),
                    o.timeSync());
        });
        out.flush();
        PrintWriter err = cmd.commandLine().getErr();
        failed.forEach((n, why) -> err.printf(Locale.ROOT, "error: %s: %s%n", n, why));
        err.flush();
        return failed.isEmpty() ? 0 : 2;
    }
}
