package io.streamscale.service;

import io.streamscale.readiness.FileProbe;
import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Flink engine's scorer: the client that submits and follows the job (the Spark driver's place in a run). */
final class FlinkScorerSpec {
    static final String FLINK_SCORER_MAIN = "io.streamscale.jobs.flink.FlinkScorerMain";

    private FlinkScorerSpec() {}

    /**
     * The Flink scorer's client on the JobManager's node: it submits the job (shipping the jobs jar) with the run's TLS
     * client settings, writes progress and commit times, and cancels the job when stopped.
     */
    static DaemonSpec of(ServiceContext ctx, JobSpecs.ScorerOptions o) {
        Node node = ctx.topology().one(Role.SPARK_MASTER);
        String id = "scorer";
        String work = ctx.workDir(node, id);
        int slots = ctx.spec().sparkNodes() * ctx.spec().workerCores();
        List<String> args = new ArrayList<>(List.of(
                "--jobmanager",
                FlinkService.restEndpoint(ctx),
                "--client-config",
                FlinkAuth.file(ctx, node, FlinkAuth.CLIENT),
                "--jar",
                ctx.runtime().jobsJar(),
                "--bootstrap",
                KafkaService.bootstrapServers(ctx),
                "--topic",
                o.topic(),
                "--model",
                o.model(),
                "--output",
                o.output(),
                "--checkpoint",
                o.checkpoint(),
                "--progress",
                o.progress(),
                "--commits",
                o.commits(),
                "--parallelism",
                String.valueOf(slots),
                "--checkpoint-interval-ms",
                String.valueOf(o.flinkCheckpointIntervalMs()),
                "--kafka-timeout-ms",
                String.valueOf(o.kafkaTimeout().toMillis())));
        args.addAll(JobSpecs.kafkaLogin(ctx, node));
        String marker = ctx.marker(node, id);
        List<String> jvm = new ArrayList<>(FlinkService.JAVA17_FLAGS);
        jvm.add("-Dlog4j.configurationFile=file:" + work + "/conf/log4j2.properties");
        jvm.add(JobSpecs.tmpDir(work));
        return new DaemonSpec(
                id,
                ServiceKind.SCORER,
                node.name(),
                node.address(),
                work,
                ctx.javaCommand(
                        o.driverHeap(), marker, jvm, ctx.runtime().flinkJobClasspath(), FLINK_SCORER_MAIN, args),
                Map.of(
                        "STREAMSCALE_NODE",
                        node.name(),
                        "JAVA_HOME",
                        ctx.runtime().javaHome()),
                Map.of(
                        "conf/log4j2.properties",
                        ctx.templates().render("flink/log4j2.properties", Map.of("node", node.name(), "role", id))),
                List.of(),
                List.of(),
                new FileProbe(o.progress()),
                marker);
    }
}
