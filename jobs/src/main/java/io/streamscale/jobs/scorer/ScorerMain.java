package io.streamscale.jobs.scorer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;

import io.streamscale.jobs.fs.NioLocalFileSystem;
import io.streamscale.jobs.kafka.KafkaLogin;
import io.streamscale.jobs.model.ModelFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.checkpointing.FileSystemBasedCheckpointFileManager;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The streaming scorer (the driver): Kafka topic → parse JSON → ALS prediction → Parquet, with the seed's Table 1
 * columns, in micro-batches (the file sink, exactly once through its log and the checkpoint) or in Spark's real-time
 * mode (long-running tasks that score each row as it arrives, written by {@link ParquetRowFiles}, exactly once by
 * file names that a re-run epoch replaces). Either way a scorer restarted on the same checkpoint resumes where the last
 * committed batch ended, with no loss and no duplicates.
 *
 * <ul>
 *   <li>timestampGenerator: the message's intended send time (its {@code timestamp}, epoch microseconds);</li>
 *   <li>timestampKafka: the broker's append time (the topic uses LogAppendTime);</li>
 *   <li>timestampSpark: micro-batch: the batch's start ({@code current_timestamp()}, one value per batch); real-time:
 *       when the row left the Kafka source in its task (a per-row wall clock);</li>
 *   <li>ProcessedTimestamp: a non-deterministic UDF evaluated per row in the write task, after the prediction and
 *       just before the row goes to the Parquet writer: as late as a value written in the row can be taken;</li>
 *   <li>EventLatency = ProcessedTimestamp − timestampGenerator, ProcessingLatency = ProcessedTimestamp − timestampSpark,
 *       seconds.</li>
 * </ul>
 * Runs until stopped (SIGTERM stops the query cleanly).
 */
@Command(name = "scorer", mixinStandardHelpOptions = true)
public final class ScorerMain implements Callable<Integer> {
    static final int WARMUP_BATCHES = 4;
    /** The measured query's name, which its progress events carry. */
    static final String QUERY = "scorer";

    static final StructType MESSAGE = new StructType()
            .add("userId", DataTypes.IntegerType)
            .add("movieId", DataTypes.IntegerType)
            .add("timestamp", DataTypes.LongType)
            .add("generatorId", DataTypes.IntegerType)
            .add("seq", DataTypes.LongType);

    @Option(names = "--master", defaultValue = "local[*]")
    String master;

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

    @Option(names = "--output", required = true)
    Path output;

    @Option(names = "--checkpoint", required = true)
    Path checkpoint;

    @Option(names = "--progress", required = true)
    Path progress;

    @Option(
            names = "--commits",
            description = "when each batch's rows became readable (one JSON line per batch; default:"
                    + " commits.jsonl beside --progress)")
    Path commits;

    @Option(names = "--mode", defaultValue = "broadcast", description = "transform or broadcast")
    String mode;

    @Option(
            names = "--processing",
            defaultValue = "microbatch",
            description = "microbatch or realtime (Trigger.RealTime)")
    Processing processing;

    @Option(
            names = "--sink",
            defaultValue = "parquet",
            description = "parquet (files in --output) or kafka (rows as JSON to"
                    + " --output-topic, for a consumer; readable as soon as they are written)")
    Sink sink;

    @Option(names = "--output-topic", description = "the Kafka sink's topic (default: <topic>-scored)")
    String outputTopic;

    @Option(
            names = "--trigger-ms",
            defaultValue = "1000",
            description = "micro-batch interval (0: each batch as soon as the" + " last one ended)")
    long triggerMs;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "10000",
            description = "real-time mode: the epoch length,"
                    + " after which its offsets are committed and its files appear (Spark's minimum: 5000)")
    long checkpointIntervalMs;

    @Option(names = "--max-offsets-per-trigger")
    Long maxOffsetsPerTrigger;

    @Option(
            names = "--min-partitions",
            description =
                    "split each batch's offset ranges into at least this many tasks"
                            + " (default: one task per Kafka partition, which leaves cores idle when there are fewer partitions)")
    Integer minPartitions;

    @Option(names = "--conf", description = "extra Spark settings, key=value")
    Map<String, String> conf = Map.of();

    @Option(
            names = "--secret-file",
            description =
                    "the cluster's Spark secret (spark.authenticate): read here, so it" + " is never on a command line")
    Path secretFile;

    @Option(
            names = "--kafka-timeout-ms",
            defaultValue = "30000",
            description = "how long the Kafka consumers and the offset"
                    + " reader wait for one broker (request.timeout.ms; the reader's API timeout is twice this): after it they retry"
                    + " with fresh metadata, so a dead leader costs this, not a minute")
    int kafkaTimeoutMs;

    @Option(
            names = "--warmup-rows",
            defaultValue = "20000",
            description =
                    "messages sent to <topic>-warmup and scored by a streaming query like the measured one before the"
                            + " stream starts, so the whole path (Kafka consumers on the executors, fetch, parse, predict, Parquet,"
                            + " the micro-batch logs) is warm")
    long warmupRows;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new ScorerMain()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("error: " + e);
            e.printStackTrace();
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean realtime = processing == Processing.REALTIME;
        SparkSession.Builder builder = SparkSession.builder()
                .master(master)
                .appName("streamscale-scorer")
                .config("spark.sql.streaming.noDataProgressEventInterval", "1000")
                // files (checkpoint, sink log, Parquet) written without forking chmod or readlink per file: see
                // NioLocalFileSystem
                .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
                // a class literal, so a Spark upgrade that moves it (4.1 did) fails the build, not a run
                .config(
                        "spark.sql.streaming.checkpointFileManagerClass",
                        FileSystemBasedCheckpointFileManager.class.getName())
                // the file sink's timestamps as INT64 microseconds (UTC), as ParquetRowFiles writes them: one type in
                // both modes
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                // every batch's sink log kept (not deleted after compaction): the analysis finds each file's batch in
                // them
                .config("spark.sql.streaming.fileSink.log.deletion", "false");
        conf.forEach(builder::config);
        if (secretFile != null) {
            builder.config("spark.authenticate", "true")
                    .config(
                            "spark.authenticate.secret",
                            Files.readString(secretFile).strip());
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Files.createDirectories(progress.toAbsolutePath().getParent());
        spark.streams().addListener(new ProgressLog(progress, QUERY));

        ALSModel als = ALSModel.load(new ModelFiles(model).als().toString());
        DataStreamReader reader = reader(spark, topic);
        if (maxOffsetsPerTrigger != null) {
            reader = reader.option("maxOffsetsPerTrigger", maxOffsetsPerTrigger);
        }
        // a driver restarted on its checkpoint resumes at once: its recovery is part of what is measured
        boolean resuming = false;
        if (Files.isDirectory(checkpoint.resolve("commits"))) {
            try (var commits = Files.list(checkpoint.resolve("commits"))) {
                resuming = commits.findAny().isPresent();
            }
        }
        if (warmupRows > 0 && !resuming) {
            warmUp(spark, als);
        }
        boolean toKafka = toKafka();
        // readers see a micro-batch's files once the sink logs them, a real-time epoch's once it is committed; rows
        // sent to
        // Kafka are readable at once (the consumer of the output topic stamps when)
        Path readableAt = realtime ? checkpoint.resolve("commits") : output.resolve("_spark_metadata");
        CommitTimes commitTimes = toKafka
                ? null
                : CommitTimes.watch(readableAt, commits != null ? commits : progress.resolveSibling("commits.jsonl"));
        StreamingQuery query = toKafka
                ? startKafka(reader, als, realtime)
                : realtime ? startRealTime(reader, als) : startMicroBatch(reader, als);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                query.stop();
                if (commitTimes != null) {
                    commitTimes.close();
                }
            } catch (Exception ignored) {
                // stopping on the way out: nothing more to do
            }
        }));
        System.out.printf(
                "scorer: reading %s from %s, %s scoring, %s, writing %s%n",
                topic,
                bootstrap,
                mode,
                realtime
                        ? "real-time mode (epochs of " + checkpointIntervalMs + " ms)"
                        : "micro-batches every " + triggerMs + " ms",
                output);
        query.awaitTermination();
        return 0;
    }

    private boolean toKafka() {
        return sink == Sink.KAFKA;
    }

    /**
     * The Kafka sink (real-time mode's own, and micro-batch's too): each row as one JSON message of every output column,
     * timestamps as epoch microseconds, to the output topic. At least once: a re-run batch or epoch sends its rows again,
     * and the consumer's accounting counts them.
     */
    private StreamingQuery startKafka(DataStreamReader reader, ALSModel als, boolean realtime) throws Exception {
        if (realtime && (minPartitions != null || maxOffsetsPerTrigger != null)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "real-time mode reads one task per Kafka partition, whole: no --min-partitions, no --max-offsets-per-trigger");
        }
        Dataset<Row> scored = score(reader.load(), als, realtime);
        List<Column> fields = new ArrayList<>();
        for (StructField f : scored.schema().fields()) {
            fields.add(
                    f.dataType().equals(DataTypes.TimestampType)
                            ? expr("unix_micros(`" + f.name() + "`)").as(f.name())
                            : col(f.name()));
        }
        Dataset<Row> out = scored.select(org.apache
                .spark
                .sql
                .functions
                .to_json(org.apache.spark.sql.functions.struct(fields.toArray(new Column[0])))
                .as("value"));
        var w = out.writeStream()
                .queryName(QUERY)
                .format("kafka")
                .options(kafkaOptions())
                .option("kafka.bootstrap.servers", bootstrap)
                .option("topic", outputTopic != null ? outputTopic : topic + "-scored")
                .option("kafka.linger.ms", "0")
                .option("checkpointLocation", checkpoint.toString());
        return realtime
                ? w.outputMode("update")
                        .trigger(Trigger.RealTime(checkpointIntervalMs))
                        .start()
                : w.outputMode("append")
                        .trigger(Trigger.ProcessingTime(triggerMs))
                        .start();
    }

    private StreamingQuery startMicroBatch(DataStreamReader reader, ALSModel als) throws Exception {
        // per-batch latency figures in every StreamingQueryProgress (observedMetrics.latency): the run's live progress
        // line
        Dataset<Row> out = score(reader.load(), als, false)
                .observe(
                        "latency",
                        org.apache.spark.sql.functions.avg("EventLatency").as("eventLatencyMean"),
                        org.apache.spark.sql.functions.max("EventLatency").as("eventLatencyMax"),
                        org.apache
                                .spark
                                .sql
                                .functions
                                .count(org.apache.spark.sql.functions.lit(1))
                                .as("rows"));
        return out.writeStream()
                .queryName(QUERY)
                .format("parquet")
                .outputMode("append")
                .option("path", output.toString())
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.ProcessingTime(triggerMs))
                .start();
    }

    /** Real-time mode allows no file sink, no observed metrics and no split partitions: rows go to {@link ParquetRowFiles}. */
    private StreamingQuery startRealTime(DataStreamReader reader, ALSModel als) throws Exception {
        if (minPartitions != null || maxOffsetsPerTrigger != null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "real-time mode reads one task per Kafka partition, whole: no --min-partitions, no --max-offsets-per-trigger");
        }
        int discarded = ParquetRowFiles.discardUncommitted(output, checkpoint);
        if (discarded > 0) {
            System.out.printf(
                    "scorer: removed %d file(s) of epochs after the last commit: they are scored again%n", discarded);
        }
        Dataset<Row> out = score(reader.load(), als, true);
        return out.writeStream()
                .queryName(QUERY)
                .foreach(new ParquetRowFiles(output, out.schema()))
                .outputMode("update")
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.RealTime(checkpointIntervalMs))
                .start();
    }

    /**
     * The run's Kafka login as the source's and sink's {@code kafka.} options: the executors get them with the plan, so
     * the file is needed on the driver's node only.
     */
    private Map<String, String> kafkaOptions() {
        Map<String, String> o = new HashMap<>();
        KafkaLogin.read(kafkaConfig).forEach((k, v) -> o.put("kafka." + k, v));
        return o;
    }

    /** The stream's Kafka source on {@code from}: the measured topic, or the warm-up's. */
    private DataStreamReader reader(SparkSession spark, String from) {
        DataStreamReader reader = spark.readStream()
                .format("kafka")
                .options(kafkaOptions())
                .option("kafka.bootstrap.servers", bootstrap)
                .option("subscribe", from)
                .option("startingOffsets", "earliest")
                // a lost partition (broker down, replication 1) must not stop scoring: the accounting counts the loss
                .option("failOnDataLoss", "false")
                .option("kafka.request.timeout.ms", kafkaTimeoutMs)
                .option("kafka.default.api.timeout.ms", 2L * kafkaTimeoutMs);
        return minPartitions == null ? reader : reader.option("minPartitions", minPartitions);
    }

    /**
     * Kafka rows (value, timestamp, partition, offset) → the output rows. The same plan for the stream and the warm-up;
     * {@code perRowReadTime}: timestampSpark per row (real-time mode) instead of the batch's start.
     */
    Dataset<Row> score(Dataset<Row> kafkaRows, ALSModel als, boolean perRowReadTime) {
        Dataset<Row> requests = kafkaRows
                .select(
                        from_json(col("value").cast("string"), MESSAGE).as("m"),
                        col("timestamp").as("timestampKafka"),
                        col("partition").as("kafkaPartition"),
                        col("offset").as("kafkaOffset"))
                .select(
                        col("m.userId"),
                        col("m.movieId"),
                        col("m.timestamp"),
                        col("m.generatorId"),
                        col("m.seq"),
                        col("timestampKafka"),
                        col("kafkaPartition"),
                        col("kafkaOffset"))
                .withColumn("timestampGenerator", expr("timestamp_micros(timestamp)"))
                .withColumn("timestampSpark", perRowReadTime ? WallClock.now() : current_timestamp());
        Dataset<Row> scored = Predictor.parse(mode)
                .predict(als, requests)
                .withColumn("ProcessedTimestamp", WallClock.now())
                .withColumn("scoredOn", ScoringNode.name());
        Column processedMicros = expr("unix_micros(ProcessedTimestamp)");
        Dataset<Row> out = scored.select(
                col("userId").as("userID"),
                col("movieId").as("movieID"),
                col("timestampGenerator"),
                col("timestampKafka"),
                col("timestampSpark"),
                col("prediction"),
                processedMicros
                        .minus(expr("unix_micros(timestampGenerator)"))
                        .divide(1e6)
                        .as("EventLatency"),
                processedMicros
                        .minus(expr("unix_micros(timestampSpark)"))
                        .divide(1e6)
                        .as("ProcessingLatency"),
                col("ProcessedTimestamp"),
                col("generatorId"),
                col("seq"),
                col("kafkaPartition"),
                col("kafkaOffset"),
                col("scoredOn"));
        if (!List.of(out.columns()).equals(OutputSchema.all())) {
            throw new IllegalStateException(
                    "output columns " + List.of(out.columns()) + " differ from " + OutputSchema.all());
        }
        for (StructField f : OutputTypes.TYPES.fields()) { // what the delivery reader writes
            if (!out.schema().apply(f.name()).dataType().equals(f.dataType())) {
                throw new IllegalStateException("output column " + f.name() + " is "
                        + out.schema().apply(f.name()).dataType() + ", not " + f.dataType());
            }
        }
        return out;
    }

    /**
     * Warms the whole path before the measured load: sends {@code warmupRows} requests (generatorId -1) to a topic of
     * their own with the stream's partition count, then scores them with a streaming query like the measured one (same
     * source options, plan and sink, its own scratch checkpoint and output beside the real ones, removed after) in
     * {@value #WARMUP_BATCHES} micro-batches ({@code Trigger.AvailableNow}). Executors load the Kafka consumer and the
     * scoring classes, receive the broadcast factors, and the driver runs micro-batches (offset log, commit log, the file
     * sink's log) before the first measured one, instead of during it: a first batch that takes seconds leaves a
     * backlog the next ones drain for half a minute at 20 000 msg/s. The topic is deleted after.
     */
    private void warmUp(SparkSession spark, ALSModel als) throws Exception {
        long t0 = System.nanoTime();
        String warm = topic + "-warmup";
        Properties p = KafkaLogin.apply(new Properties(), kafkaConfig);
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            if (!admin.listTopics().names().get().contains(warm)) {
                admin.createTopics(List.of(new NewTopic(warm, partitions, (short) 1)))
                        .all()
                        .get();
            }
            p.put("linger.ms", "5");
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                long now = System.currentTimeMillis() * 1000;
                for (long i = 0; i < warmupRows; i++) {
                    producer.send(new ProducerRecord<>(
                            warm,
                            String.format(
                                            Locale.ROOT,
                                            "{\"userId\":%d,\"movieId\":%d,\"timestamp\":%d,\"generatorId\":-1,\"seq\":%d}",
                                            i % 1000,
                                            i % 997,
                                            now,
                                            i)
                                    .getBytes(StandardCharsets.US_ASCII)));
                }
            }
            Path scratch = checkpoint.toAbsolutePath().resolveSibling(checkpoint.getFileName() + "-warmup");
            StreamingQuery q = score(
                            reader(spark, warm)
                                    .option("maxOffsetsPerTrigger", Math.max(1, warmupRows / WARMUP_BATCHES))
                                    .load(),
                            als,
                            false)
                    .writeStream()
                    .queryName("warmup")
                    .format("parquet")
                    .outputMode("append")
                    .option("path", scratch.resolve("output").toString())
                    .option("checkpointLocation", scratch.resolve("checkpoint").toString())
                    .trigger(Trigger.AvailableNow())
                    .start();
            q.awaitTermination();
            try (var files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            try {
                admin.deleteTopics(List.of(warm)).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) { // left behind, it costs nothing: the stream does not read it
                System.out.printf("scorer: could not delete %s: %s%n", warm, e);
            }
        }
        System.out.printf(
                "scorer: warm-up of %d messages through Kafka took %d ms%n",
                warmupRows, (System.nanoTime() - t0) / 1_000_000);
    }
}
