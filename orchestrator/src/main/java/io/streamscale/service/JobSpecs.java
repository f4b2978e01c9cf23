package io.streamscale.service;

import io.streamscale.jobs.scorer.Processing;
import io.streamscale.jobs.scorer.Sink;
import io.streamscale.readiness.AliveProbe;
import io.streamscale.readiness.FileProbe;
import io.streamscale.runtime.RuntimeLayout;
import io.streamscale.topology.Node;
import io.streamscale.topology.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daemon specs for the jobs of a run: the streaming scorer (the Spark driver or the Flink job's client, on the
 * master's or JobManager's node), the load
 * generators (one JVM per generator node) and one-off jobs on this machine (the trainer). All run on
 * {@link RuntimeLayout#jobsClasspath()} and are started, watched and stopped like any daemon.
 */
public final class JobSpecs {
    static final String SCORER_MAIN = "io.streamscale.jobs.scorer.ScorerMain";
    static final String GENERATOR_MAIN = "io.streamscale.jobs.generator.GeneratorMain";
    static final String DELIVERY_MAIN = "io.streamscale.jobs.delivery.DeliveryMain";
    public static final int DRIVER_UI_PORT = 4040;
    /** The driver's RPC and block manager ports, fixed so a partition of the driver can cut its executors off. */
    public static final int DRIVER_PORT = 7079;

    public static final int DRIVER_BLOCK_MANAGER_PORT = 7089;

    private JobSpecs() {}

    /**
     * What the scorer reads, writes and how it scores. Paths are as seen from the driver's node.
     *
     * @param realtime             Spark's real-time mode instead of micro-batches
     * @param checkpointIntervalMs real-time mode's epoch
     */
    public record ScorerOptions(
            String topic,
            String model,
            String output,
            String checkpoint,
            String progress,
            String commits,
            String outputTopic,
            String mode,
            boolean realtime,
            long triggerMs,
            long checkpointIntervalMs,
            Long maxOffsetsPerTrigger,
            String executorMemory,
            String driverHeap,
            int warmupMessages,
            Duration kafkaTimeout,
            long flinkCheckpointIntervalMs,
            int parallelism) {
        /** Tasks per micro-batch and shuffle partitions: spark.parallelism, or 0 for every Spark core the cluster has. */
        public int parallelismOn(int cores) {
            return parallelism > 0 ? parallelism : cores;
        }
    }

    /** The scorer of the cluster's engine: Spark's driver, or the client that submits and follows the Flink job. */
    public static DaemonSpec scorer(ServiceContext ctx, ScorerOptions o) {
        return ctx.spec().flink() ? FlinkScorerSpec.of(ctx, o) : sparkScorer(ctx, o);
    }

    static DaemonSpec sparkScorer(ServiceContext ctx, ScorerOptions o) {
        Node node = ctx.topology().one(Role.SPARK_MASTER);
        String id = "scorer";
        String work = ctx.workDir(node, id);
        int cores = ctx.spec().sparkNodes() * ctx.spec().workerCores();
        List<String> args = new ArrayList<>(List.of(
                "--master",
                SparkService.masterUrl(ctx),
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
                "--mode",
                o.mode(),
                "--warmup-rows",
                String.valueOf(o.warmupMessages()),
                "--secret-file",
                SparkAuth.file(ctx, node),
                "--kafka-timeout-ms",
                String.valueOf(o.kafkaTimeout().toMillis())));
        if (o.realtime()) {
            // one long-running task per Kafka partition; the plan checked that the cores suffice
            args.addAll(List.of(
                    "--processing",
                    Processing.REALTIME.toString(),
                    "--checkpoint-interval-ms",
                    String.valueOf(o.checkpointIntervalMs())));
        } else {
            // one task per executor core (or spark.parallelism), whatever the partition count (1x1 has a single one)
            args.addAll(List.of(
                    "--trigger-ms",
                    String.valueOf(o.triggerMs()),
                    "--min-partitions",
                    String.valueOf(o.parallelismOn(cores))));
        }
        if (o.maxOffsetsPerTrigger() != null) {
            args.addAll(List.of("--max-offsets-per-trigger", String.valueOf(o.maxOffsetsPerTrigger())));
        }
        if (o.outputTopic() != null) {
            args.addAll(List.of("--sink", Sink.KAFKA.toString(), "--output-topic", o.outputTopic()));
        }
        args.addAll(kafkaLogin(ctx, node));
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.driver.host", node.address());
        conf.put("spark.driver.bindAddress", node.address());
        conf.put("spark.ui.port", String.valueOf(DRIVER_UI_PORT));
        conf.put("spark.driver.port", String.valueOf(DRIVER_PORT));
        conf.put("spark.driver.blockManager.port", String.valueOf(DRIVER_BLOCK_MANAGER_PORT));
        conf.put("spark.ui.killEnabled", "false");
        conf.put("spark.jars", ctx.runtime().jobsJar()); // executors need the job's classes (the scoring UDF)
        conf.put("spark.executor.memory", o.executorMemory());
        conf.put("spark.cores.max", String.valueOf(cores));
        conf.put("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, o.parallelismOn(cores))));
        conf.put("spark.local.dir", work + "/data/tmp");
        conf.put(
                "spark.executor.extraJavaOptions",
                "-Dlog4j.configurationFile=file:" + work + "/conf/log4j2.properties");
        conf.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
        String marker = ctx.marker(node, id);
        Map<String, Object> vars = Map.of("node", node.name(), "role", id);
        return new DaemonSpec(
                id,
                ServiceKind.SCORER,
                node.name(),
                node.address(),
                work,
                ctx.javaCommand(
                        o.driverHeap(),
                        marker,
                        List.of("-Dlog4j.configurationFile=file:" + work + "/conf/log4j2.properties", tmpDir(work)),
                        ctx.runtime().jobsClasspath(),
                        SCORER_MAIN,
                        args),
                sparkEnv(ctx.runtime(), node),
                Map.of("conf/log4j2.properties", ctx.templates().render("spark/log4j2-job.properties", vars)),
                List.of(),
                List.of(
                        new Endpoint(node.address(), DRIVER_PORT, "spark driver (executors connect here)"),
                        new Endpoint(node.address(), DRIVER_BLOCK_MANAGER_PORT, "spark driver block manager"),
                        new Endpoint(node.address(), DRIVER_UI_PORT, "spark driver web UI")),
                new FileProbe(o.progress()),
                marker);
    }

    /**
     * How the generators load the topic.
     *
     * @param ramp      how long each node's rate rises from 0 before it stays at its share of {@code totalRate}
     * @param rampSteps 0: linearly; S: in S equal steps
     */
    public record LoadOptions(
            String topic,
            String model,
            String outDir,
            double totalRate,
            long totalMessages,
            Duration ramp,
            int rampSteps,
            int instancesPerNode,
            int producers,
            String acks,
            int lingerMs,
            int batchSize,
            String compression,
            Double zipf,
            Duration kafkaTimeout) {}

    /** One spec per GENERATOR node; the total rate and message count are split evenly over the nodes (and there over instances). */
    public static List<DaemonSpec> generators(ServiceContext ctx, LoadOptions o) {
        List<Node> nodes = ctx.topology().with(Role.GENERATOR);
        List<DaemonSpec> specs = new ArrayList<>();
        for (int g = 0; g < nodes.size(); g++) {
            Node node = nodes.get(g);
            String id = "generator-" + g;
            String work = ctx.workDir(node, id);
            long nodeMessages = o.totalMessages() / nodes.size() + (g < o.totalMessages() % nodes.size() ? 1 : 0);
            List<String> args = new ArrayList<>(List.of(
                    "--bootstrap",
                    KafkaService.bootstrapServers(ctx),
                    "--topic",
                    o.topic(),
                    "--rate",
                    String.valueOf(o.totalRate() / nodes.size()),
                    "--messages",
                    String.valueOf(nodeMessages),
                    "--instances",
                    String.valueOf(o.instancesPerNode()),
                    "--producers",
                    String.valueOf(o.producers()),
                    "--first-id",
                    String.valueOf(g * o.instancesPerNode()),
                    "--node",
                    node.name(),
                    "--model",
                    o.model(),
                    "--out",
                    o.outDir(),
                    "--acks",
                    o.acks(),
                    "--linger-ms",
                    String.valueOf(o.lingerMs()),
                    "--batch-size",
                    String.valueOf(o.batchSize()),
                    "--compression",
                    o.compression(),
                    "--request-timeout-ms",
                    String.valueOf(o.kafkaTimeout().toMillis()),
                    "--ramp-ms",
                    String.valueOf(o.ramp().toMillis()),
                    "--ramp-steps",
                    String.valueOf(o.rampSteps())));
            if (o.zipf() != null) {
                args.addAll(List.of("--zipf", String.valueOf(o.zipf())));
            }
            args.addAll(kafkaLogin(ctx, node));
            String marker = ctx.marker(node, id);
            specs.add(new DaemonSpec(
                    id,
                    ServiceKind.GENERATOR,
                    node.name(),
                    node.address(),
                    work,
                    ctx.javaCommand("1g", marker, List.of(), ctx.runtime().jobsClasspath(), GENERATOR_MAIN, args),
                    Map.of(),
                    Map.of(),
                    List.of(),
                    List.of(),
                    new AliveProbe(),
                    marker));
        }
        return specs;
    }

    /** {@code --kafka-config FILE}: the run's Kafka login, a 0600 file on the node the job reads (none where Kafka takes anyone). */
    static List<String> kafkaLogin(ServiceContext ctx, Node node) {
        return ctx.kafkaAuth() == null
                ? List.of()
                : List.of("--kafka-config", KafkaAuth.file(ctx, node, KafkaAuth.CLIENT_FILE));
    }

    /**
     * The reader of the Kafka sink's output topic, on the first generator node (where a user's service would read): it
     * writes what it receives, with when, to {@code output}.
     */
    public static DaemonSpec delivery(ServiceContext ctx, String outputTopic, String output, Duration kafkaTimeout) {
        Node node = ctx.topology().with(Role.GENERATOR).get(0);
        String id = "delivery";
        String marker = ctx.marker(node, id);
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap",
                KafkaService.bootstrapServers(ctx),
                "--topic",
                outputTopic,
                "--output",
                output,
                "--node",
                node.name(),
                "--kafka-timeout-ms",
                String.valueOf(kafkaTimeout.toMillis())));
        args.addAll(kafkaLogin(ctx, node));
        return new DaemonSpec(
                id,
                ServiceKind.JOB,
                node.name(),
                node.address(),
                ctx.workDir(node, id),
                ctx.javaCommand("1g", marker, List.of(), ctx.runtime().jobsClasspath(), DELIVERY_MAIN, args),
                Map.of(),
                Map.of(),
                List.of(),
                List.of(),
                new AliveProbe(),
                marker);
    }

    /**
     * A job run once to completion on {@code node} (the trainer: Spark local, this machine or a reserved node), logging
     * to {@code workDir/logs/ID.log}.
     *
     * @param marker identifies its process, like a daemon's
     */
    public static DaemonSpec oneOffJob(
            RuntimeLayout runtime,
            String templatesLog4j,
            Node node,
            String id,
            String workDir,
            String mainClass,
            List<String> args,
            String marker) {
        List<String> cmd = new ArrayList<>(List.of(
                runtime.java(),
                "-Xmx2g",
                "-D" + marker,
                "-Dlog4j.configurationFile=file:" + workDir + "/conf/log4j2.properties",
                tmpDir(workDir),
                "-cp",
                runtime.jobsClasspath(),
                mainClass));
        cmd.addAll(args);
        return new DaemonSpec(
                id,
                ServiceKind.JOB,
                node.name(),
                node.address(),
                workDir,
                cmd,
                sparkEnv(runtime, node),
                Map.of("conf/log4j2.properties", templatesLog4j),
                List.of(),
                List.of(),
                new AliveProbe(),
                marker);
    }

    /**
     * A Spark application's temporary files go to its data directory, not /tmp: Spark leaves an {@code artifacts-*}
     * directory there on every run and more when the driver is killed (a fault), on a node other users share.
     */
    static String tmpDir(String workDir) {
        return "-Djava.io.tmpdir=" + workDir + "/data";
    }

    private static Map<String, String> sparkEnv(RuntimeLayout runtime, Node node) {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", runtime.sparkHomeDir());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", node.address());
        env.put("STREAMSCALE_NODE", node.name()); // rows scored here name the node whose clock stamped them
        env.put("JAVA_HOME", runtime.javaHome());
        return env;
    }
}
