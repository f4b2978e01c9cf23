package io.streamscale.jobs.flink;

import io.streamscale.jobs.kafka.KafkaLogin;
import io.streamscale.jobs.model.Factors;
import io.streamscale.jobs.model.ModelFiles;
import io.streamscale.jobs.scorer.CommitTimes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Flink scorer's client, on the JobManager's node: submits Kafka → parse → ALS prediction → Parquet to the run's
 * session cluster, then follows the job until stopped (SIGTERM cancels it).
 * <ul>
 *   <li>Exactly once: the Kafka source's offsets live in Flink's checkpoints and the file sink commits a checkpoint's
 *       part files when it completes; after a failure the job restarts from the last completed checkpoint.</li>
 *   <li>Timestamps: timestampSpark is when the row left the Kafka source in its task, ProcessedTimestamp when it goes to
 *       the file writer (the same moments as Spark's real-time mode); a row is readable when its part file is committed,
 *       which {@code commits.jsonl} records per file.</li>
 *   <li>Progress: one JSON line a second to {@code --progress} with the job's state and, per partition, the offset
 *       after the last scored row in a committed file (or the source's offset commit, if later), in the shape of
 *       Spark's progress
 *       ({@code sources[0].endOffset}), so the orchestrator's drain check reads both engines alike.</li>
 * </ul>
 */
@Command(name = "flink-scorer", mixinStandardHelpOptions = true)
public final class FlinkScorerMain implements Callable<Integer> {
    static final String JOB = "streamscale-scorer";
    static final String GROUP = "streamscale-scorer-flink";

    @Option(names = "--jobmanager", required = true, description = "the JobManager's REST endpoint, host:port")
    String jobManager;

    @Option(names = "--client-config", description = "the run's Flink client settings (TLS), a 0600 properties file")
    Path clientConfig;

    @Option(
            names = "--jar",
            required = true,
            description = "the job's jar (streamscale-jobs.jar), shipped to the cluster")
    String jar;

    @Option(names = "--bootstrap", required = true)
    String bootstrap;

    @Option(
            names = "--kafka-config",
            description = "The run's Kafka login (a properties file), where its Kafka requires one.")
    Path kafkaConfig;

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--model", required = true)
    Path model;

    @Option(names = "--output", required = true, description = "where the part files go (as the TaskManagers see it)")
    Path output;

    @Option(names = "--checkpoint", required = true, description = "Flink's checkpoint directory (every node's view)")
    Path checkpoint;

    @Option(names = "--progress", required = true)
    Path progress;

    @Option(
            names = "--commits",
            description = "when each part file became readable (default: commits.jsonl beside --progress)")
    Path commits;

    @Option(names = "--parallelism", defaultValue = "1", description = "scoring tasks (the cluster's slots)")
    int parallelism;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "1000",
            description = "how often a checkpoint commits the scored rows (their files appear then)")
    long checkpointIntervalMs;

    @Option(
            names = "--kafka-timeout-ms",
            defaultValue = "30000",
            description = "request.timeout.ms of the Kafka source")
    int kafkaTimeoutMs;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new FlinkScorerMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("error: " + e);
            e.printStackTrace();
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Factors factors = Factors.read(new ModelFiles(model).als());
        Properties kafka = KafkaLogin.apply(new Properties(), kafkaConfig);
        kafka.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(kafka)) {
            int partitions = admin.describeTopics(java.util.List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            Configuration conf = FlinkSettings.client(clientConfig, checkpoint, checkpointIntervalMs);
            String[] hostPort = jobManager.split(":");
            conf.setString("rest.address", hostPort[0]);
            conf.setString("rest.port", hostPort[1]);
            try (RestClusterClient<StandaloneClusterId> cluster =
                    new RestClusterClient<>(conf, StandaloneClusterId.getInstance())) {
                // a client restarted (supervised, or after its JobManager came back) follows the job that runs, if
                // one does: a second job would score every message again
                Optional<JobID> running = cluster.listJobs().get(2, TimeUnit.MINUTES).stream()
                        .filter(j ->
                                JOB.equals(j.getJobName()) && !j.getJobState().isGloballyTerminalState())
                        .map(JobStatusMessage::getJobId)
                        .findFirst();
                JobID job;
                if (running.isPresent()) {
                    job = running.get();
                    System.out.printf("flink-scorer: following job %s, which runs already%n", job);
                } else {
                    Optional<Path> resume = FlinkSettings.latestCheckpoint(checkpoint);
                    resume.ifPresent(chk -> {
                        conf.setString(
                                "execution.state-recovery.path", chk.toUri().toString());
                        System.out.println("flink-scorer: resuming from " + chk);
                    });
                    StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(
                            hostPort[0], Integer.parseInt(hostPort[1]), conf, jar);
                    env.setParallelism(parallelism);
                    env.enableCheckpointing(checkpointIntervalMs, CheckpointingMode.EXACTLY_ONCE);
                    build(env, factors, kafka, partitions);
                    job = env.executeAsync(JOB).getJobID();
                    System.out.printf(
                            "flink-scorer: job %s submitted: %s (%d partitions) → %s, %d tasks, checkpoints every %d"
                                    + " ms%n",
                            job, topic, partitions, output, parallelism, checkpointIntervalMs);
                }
                ScoredOffsets scored = new ScoredOffsets();
                CommitTimes commitTimes = CommitTimes.files(
                        output, commits != null ? commits : progress.resolveSibling("commits.jsonl"), scored::add);
                JobID followed = job;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        cluster.cancel(followed).get(30, TimeUnit.SECONDS);
                        commitTimes.close();
                    } catch (Exception ignored) {
                        // stopping on the way out: the cluster's teardown ends the job anyway
                    }
                }));
                return follow(cluster, job, admin, scored);
            }
        }
    }

    private void build(StreamExecutionEnvironment env, Factors factors, Properties kafka, int partitions) {
        KafkaSource<Arrival> source = KafkaSource.<Arrival>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(GROUP)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KafkaRequests())
                .setProperties(kafka)
                .setProperty("request.timeout.ms", String.valueOf(kafkaTimeoutMs))
                .build();
        // one reader per partition: more would idle
        DataStream<Arrival> in = env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka")
                .setParallelism(Math.min(parallelism, partitions));
        if (partitions < parallelism) {
            in = in.rebalance(); // fewer partitions than slots: spread the scoring (Spark's minPartitions)
        }
        FileSink<ScoredRow> sink = FileSink.forBulkFormat(
                        new org.apache.flink.core.fs.Path(output.toUri()), new ParquetRows())
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix("part")
                        .withPartSuffix(".parquet")
                        .build())
                .build();
        in.map(new Score(factors)).name("score").sinkTo(sink).name("parquet");
    }

    /**
     * Writes a progress line a second (a fixed-rate schedule: the cadence of the orchestrator's progress and drain
     * checks) until the job ends (non-zero if it failed) or this process is stopped.
     */
    private int follow(RestClusterClient<?> cluster, JobID job, Admin admin, ScoredOffsets scored) throws Exception {
        FlinkProgress log = new FlinkProgress(progress, topic);
        CompletableFuture<JobStatus> ended = new CompletableFuture<>();
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor();
        try {
            every.scheduleAtFixedRate(
                    () -> {
                        try {
                            JobStatus status = cluster.getJobStatus(job).get(90, TimeUnit.SECONDS);
                            Map<Integer, Long> committed =
                                    new HashMap<>(FlinkProgress.committedOffsets(admin, GROUP, topic));
                            scored.snapshot().forEach((p, o) -> committed.merge(p, o, Math::max));
                            log.append(status, committed);
                            if (status.isGloballyTerminalState()) {
                                ended.complete(status);
                            }
                        } catch (Exception e) {
                            ended.completeExceptionally(e); // the JobManager is gone: the supervisor decides
                        }
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            JobStatus status = ended.get();
            System.out.println("flink-scorer: job ended " + status);
            return status == JobStatus.FINISHED ? 0 : 1;
        } finally {
            every.shutdownNow();
        }
    }
}
