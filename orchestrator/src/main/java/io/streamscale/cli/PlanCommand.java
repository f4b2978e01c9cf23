package io.streamscale.cli;

import io.streamscale.capacity.CapacityStudy;
import io.streamscale.cluster.Deployment;
import io.streamscale.cluster.StateDir;
import io.streamscale.cluster.Transport;
import io.streamscale.common.Durations;
import io.streamscale.jobs.scorer.Sink;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Experiment;
import io.streamscale.manifest.Manifest;
import io.streamscale.manifest.ManifestReader;
import io.streamscale.manifest.PhaseEstimates;
import io.streamscale.manifest.Plan;
import io.streamscale.manifest.Schema;
import io.streamscale.results.RunDirectory;
import io.streamscale.run.PipelineRun;
import io.streamscale.run.RunBytes;
import io.streamscale.run.RunSpec;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.scheduler.Backend;
import io.streamscale.service.DaemonSpec;
import io.streamscale.service.Engine;
import io.streamscale.service.JobSpecs;
import io.streamscale.study.ReservationPlan;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.topology.Layout;
import io.streamscale.topology.Role;
import io.streamscale.topology.Topology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "plan",
        abbreviateSynopsis = true,
        mixinStandardHelpOptions = true,
        description = {
            "Explain a manifest before it spends node-hours: every cell (experiment, configuration, load, "
                    + "repetition), its node count and role layout, and the total node-hours and walltime. Checks the "
                    + "manifest first (all errors at once, with file:line:column). With --render DIR, writes every config "
                    + "file and the exact command line each node would run, per cell, and starts nothing."
        },
        footer = {
            "",
            "Examples:",
            "  streamscale plan",
            "  streamscale plan experiments.yaml --experiment scaling",
            "  streamscale plan --experiment scaling-3x3-20m --render /tmp/rendered"
        })
final class PlanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "MANIFEST",
            description = "The manifest (default: experiments.yaml).")
    Path manifest;

    @Option(
            names = "--experiment",
            paramLabel = "NAME",
            description = "Only these experiments (repeatable; default: all).")
    List<String> experiments = new ArrayList<>();

    @Option(
            names = "--render",
            paramLabel = "DIR",
            description = "Write every cell's configs and command lines under DIR.")
    Path render;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        Path file = manifest != null ? manifest : Path.of("experiments.yaml");
        Manifest m = ManifestReader.read(file);
        List<Experiment> selected = m.select(experiments);
        List<Cell> cells = m.cells(selected);
        out.printf("%s: %d experiment(s), %d run(s)%n", file, selected.size(), cells.size());
        out.printf(
                "%-18s %-22s %5s %6s %11s %12s %9s %13s  %s%n",
                "EXPERIMENT",
                "CELL",
                "REPS",
                "NODES",
                "RATE MSG/S",
                "MESSAGES",
                "LOAD",
                "RUN (+OVERH.)",
                "LAYOUT (kafka+zookeeper | spark or flink | generators)");
        for (Cell c : cells) {
            if (c.repetition() != 1) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "%-18s %-22s %5d %6d %11.1f %12d %9s %13s  %s%n",
                    c.experiment(),
                    c.name(),
                    c.repetitions(),
                    c.nodeCount(),
                    c.rate(),
                    RunSpec.of(c).totalMessages(),
                    Durations.format(c.warmup().plus(c.duration())),
                    Durations.format(Plan.runTime(c)),
                    layout(c));
        }
        for (Experiment e : selected) {
            List<Cell> mine =
                    cells.stream().filter(c -> c.experiment().equals(e.name())).toList();
            out.printf(
                    Locale.ROOT,
                    "  %-20s %3d runs, %6.1f node-hours, walltime %s, results %s%n",
                    e.name(),
                    mine.size(),
                    Plan.nodeHours(mine),
                    Durations.format(Plan.walltime(mine)),
                    RunBytes.format(resultsBytes(mine)));
        }
        for (Experiment e : selected) {
            List<Cell> mine =
                    cells.stream().filter(c -> c.experiment().equals(e.name())).toList();
            if (CapacityStudy.searched(mine)) {
                out.printf(
                        "  %s's capacity search (streamscale capacity %s --experiment %s), per configuration:%n",
                        e.name(), file, e.name());
                for (Cell c : CapacityStudy.configurations(mine)) {
                    out.println("    " + CapacityStudy.estimate(c).describe(c.configuration()));
                }
            }
        }
        out.printf(
                Locale.ROOT,
                "total: %d runs, %.1f node-hours, walltime %s (overhead per run included, and the training of"
                        + " each model once)%n",
                cells.size(),
                Plan.nodeHours(cells),
                Durations.format(Plan.walltime(cells)));
        out.printf(
                Locale.ROOT,
                "bytes: results %s in all (the largest run %s: its scored rows as Parquet, with logs and"
                        + " checkpoint); Kafka's log on a broker node's scratch during a run: at most %s (estimates: docs/manifest.md)%n",
                RunBytes.format(resultsBytes(cells)),
                RunBytes.format(cells.stream()
                        .mapToLong(c -> RunBytes.of(RunSpec.of(c)).results())
                        .max()
                        .orElse(0)),
                RunBytes.format(cells.stream()
                        .mapToLong(c -> RunBytes.of(RunSpec.of(c)).kafkaPerBroker())
                        .max()
                        .orElse(0)));
        List<PhaseEstimates> estimates =
                cells.stream().map(PhaseEstimates::of).distinct().toList();
        estimates.forEach(e -> out.printf(
                Locale.ROOT,
                "overhead per run, %s: %s = %s; a run that trains its model waits %s more%n",
                e.site(),
                e.phases().entrySet().stream()
                        .map(p -> p.getKey() + " " + Durations.format(p.getValue()))
                        .collect(Collectors.joining(", ")),
                Durations.format(e.total()),
                Durations.format(e.training())));
        estimates.stream()
                .map(PhaseEstimates::source)
                .distinct()
                .forEach(s -> out.printf("  (estimates from %s; see docs/overhead.md)%n", s));
        ReservationPlan.print(cells, out);
        if (render != null) {
            renderAll(cells, out);
        }
        out.flush();
        return 0;
    }

    static long resultsBytes(List<Cell> cells) {
        return cells.stream()
                .mapToLong(c -> RunBytes.of(RunSpec.of(c)).results())
                .sum();
    }

    private static String layout(Cell c) {
        Topology t = topology(c);
        // with the Kafka sink, the reader of the output topic runs on the first generator node
        String reader = c.get(Schema.SPARK_SINK) == Sink.KAFKA
                ? t.with(Role.GENERATOR).get(0).name()
                : null;
        boolean flink = c.get(Schema.ENGINE) == Engine.FLINK;
        return t.nodes().stream()
                .map(n -> n.name() + ":"
                        + n.roles().stream()
                                .map(r -> flink && r == Role.SPARK_MASTER
                                        ? "flink_jobmanager"
                                        : flink && r == Role.SPARK_WORKER
                                                ? "flink_taskmanager"
                                                : r.name().toLowerCase(Locale.ROOT))
                                .sorted()
                                .collect(Collectors.joining("+"))
                        + (n.name().equals(reader) ? "+delivery" : ""))
                .collect(Collectors.joining(" "));
    }

    /** Local cells get their loopback hosts; cluster cells get placeholder names until nodes are reserved. */
    private static Topology topology(Cell c) {
        List<Layout.Host> hosts = c.get(Schema.SCHEDULER_BACKEND) == Backend.LOCAL
                ? Layout.localHosts(c.nodeCount())
                : IntStream.rangeClosed(1, c.nodeCount())
                        .mapToObj(i -> new Layout.Host("node" + i, "node" + i))
                        .toList();
        return Layout.assign(
                hosts, c.kafkaNodes(), c.sparkNodes(), c.zookeeperNodes(), c.generatorNodes(), c.ownMaster());
    }

    private void renderAll(List<Cell> cells, PrintWriter out) {
        Path home = Home.get();
        RuntimeLayout runtime = RuntimeLayout.defaults(home);
        TemplateRenderer templates = new TemplateRenderer(home.resolve("templates"));
        Path root = render.toAbsolutePath().normalize();
        int files = 0;
        for (Cell c : cells) {
            if (c.repetition() != 1) {
                continue;
            }
            RunSpec spec = RunSpec.of(c);
            Topology topology = topology(c);
            boolean local = c.get(Schema.SCHEDULER_BACKEND) == Backend.LOCAL;
            RunDirectory runDir = new RunDirectory(root.resolve(c.experiment()).resolve(c.name()));
            String nodeRoot = local
                    ? runDir.state().localNodesRoot().toString()
                    : (c.get(Schema.SCRATCH)) + "/" + c.experiment() + "-" + c.name();
            Transport transport = local ? Transport.local(nodeRoot) : Transport.ssh(null, nodeRoot);
            Deployment d = Deployment.plan(
                    c.experiment() + "-" + c.name(),
                    spec.clusterSpec("RENDERED-KRAFT-CLUSTER-ID"),
                    topology,
                    transport,
                    runtime,
                    templates);
            List<DaemonSpec> all = new ArrayList<>(d.daemons());
            String model = spec.model().path() != null
                    ? spec.model().path()
                    : runDir.model().toString();
            all.add(JobSpecs.scorer(
                    d.context(),
                    spec.scorerOptions(
                            PipelineRun.TOPIC,
                            model,
                            runDir.output().toString(),
                            runDir.checkpoint().toString(),
                            runDir.progress().toString(),
                            runDir.commits().toString())));
            all.addAll(JobSpecs.generators(
                    d.context(),
                    spec.loadOptions(
                            PipelineRun.TOPIC, model, runDir.generators().toString())));
            if (spec.spark().kafkaSink()) {
                all.add(JobSpecs.delivery(
                        d.context(),
                        PipelineRun.OUTPUT_TOPIC,
                        runDir.output().toString(),
                        spec.kafka().clientTimeout()));
            }
            StateDir target = new StateDir(runDir.root());
            for (DaemonSpec s : all) {
                target.keepConfigs(s);
                files += s.files().size() + 1;
            }
        }
        out.printf(
                "rendered %d files (configs and command.txt per daemon) under %s/<experiment>/<cell>/configs/<node>/<daemon>/%n",
                files, root);
    }
}
