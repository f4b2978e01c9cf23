package io.streamscale.jobs.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamscale.jobs.kafka.KafkaLogin;
import io.streamscale.jobs.model.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load generator of one node: {@code --instances} logical generators (each its own generatorId, seq, even schedule,
 * intended-time stamps and accounting: the seed ran 32 processes per node), together offering {@code --rate}
 * messages/s, open loop, for {@code --messages} messages in total. They share {@code --producers} Kafka producers, each
 * with one pacing thread: P instances no longer cost P producers and P threads, so the node's CPU goes to the load and
 * the producers batch well. Instance k of P sends the node's messages k, k + P, ... of one {@link Schedule}: evenly
 * spaced at {@code rate}, after a linear ramp from 0 when {@code --ramp-ms} is set. Writes one JSON summary per instance to {@code --out}/gen-ID.json
 * (with the acked seqs as ranges, {@code ackedRanges}), then {@code --out}/done-NODE.
 */
@Command(name = "generator", mixinStandardHelpOptions = true)
public final class GeneratorMain implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--bootstrap", required = true)
    String bootstrap;

    @Option(
            names = "--kafka-config",
            description = "The run's Kafka login (a properties file), where its Kafka requires one.")
    Path kafkaConfig;

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--rate", required = true, description = "messages/s offered by this node, all instances together")
    double rate;

    @Option(names = "--messages", required = true, description = "messages this node sends in total")
    long messages;

    @Option(names = "--instances", defaultValue = "32")
    int instances;

    @Option(
            names = "--producers",
            defaultValue = "1",
            description = "Kafka producers (each with its pacing thread) the instances share")
    int producers;

    @Option(names = "--first-id", defaultValue = "0", description = "generatorId of this node's first instance")
    int firstId;

    @Option(names = "--node", defaultValue = "local")
    String node;

    @Option(names = "--model", required = true, description = "model directory: users.txt and movies.txt")
    Path model;

    @Option(names = "--zipf", description = "draw ids Zipf-distributed with this exponent instead of uniformly")
    Double zipf;

    @Option(names = "--out", required = true)
    Path out;

    @Option(names = "--acks", defaultValue = "1")
    String acks;

    @Option(names = "--linger-ms", defaultValue = "5")
    int lingerMs;

    @Option(names = "--batch-size", defaultValue = "65536")
    int batchSize;

    @Option(names = "--compression", defaultValue = "none")
    String compression;

    @Option(
            names = "--request-timeout-ms",
            defaultValue = "30000",
            description =
                    "how long a produce request may wait for its broker before it is retried (request.timeout.ms)")
    int requestTimeoutMs;

    @Option(
            names = "--create-topic",
            paramLabel = "PARTITIONS",
            description = "create the topic (replication 1) if it does not exist, for standalone use")
    Integer createTopic;

    @Option(
            names = "--ramp-ms",
            defaultValue = "0",
            description = "the rate rises from 0 to --rate over this long, then stays (0: full rate from the start)")
    long rampMs;

    @Option(
            names = "--ramp-steps",
            defaultValue = "0",
            description =
                    "0: the ramp rises linearly; S: in S equal steps (rate/S, 2 rate/S, ..., rate), each held for ramp/S")
    int rampSteps;

    @Option(names = "--start-delay-ms", defaultValue = "200", description = "common start, so instances begin aligned")
    long startDelayMs;

    private volatile boolean stop;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GeneratorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int[] userIds = ModelFiles.readIds(new ModelFiles(model).users());
        int[] movieIds = ModelFiles.readIds(new ModelFiles(model).movies());
        IdPool users = zipf == null ? IdPool.uniform(userIds) : IdPool.zipf(userIds, zipf);
        IdPool movies = zipf == null ? IdPool.uniform(movieIds) : IdPool.zipf(movieIds, zipf);
        Files.createDirectories(out);
        if (createTopic != null) {
            createTopicIfMissing();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop = true));

        int shared = Math.max(1, Math.min(producers, instances));
        List<KafkaProducer<byte[], byte[]>> clients = new ArrayList<>();
        for (int p = 0; p < shared; p++) {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    producerConfig(node + "-" + p), new ByteArraySerializer(), new ByteArraySerializer());
            producer.partitionsFor(topic); // connect and fetch metadata now, so the first scheduled send does not block
            clients.add(producer);
        }
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startDelayMs);
        Instant startWall = Instant.now().plusMillis(startDelayMs);
        long startEpochMicros = ChronoUnit.MICROS.between(Instant.EPOCH, startWall);
        List<Outbox> outboxes = clients.stream()
                .<Outbox>map(c -> (value, onAck) -> c.send(new ProducerRecord<>(topic, value), onAck))
                .toList();
        List<List<GeneratorInstance>> byPacer = NodeLoad.plan(
                instances,
                new Schedule(startNanos, rate, TimeUnit.MILLISECONDS.toNanos(rampMs), rampSteps),
                messages,
                firstId,
                node,
                outboxes,
                startEpochMicros,
                users,
                movies);
        ExecutorService pool = Executors.newFixedThreadPool(shared);
        List<Future<?>> running = new ArrayList<>();
        for (List<GeneratorInstance> mine : byPacer) {
            running.add(pool.submit(new Pacer(mine, () -> stop)));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double requests = 0;
        for (KafkaProducer<byte[], byte[]> c : clients) {
            c.flush(); // every send acknowledged or failed before the accounting is written
            requests += c.metrics().entrySet().stream()
                    .filter(m -> m.getKey().name().equals("request-total")
                            && m.getKey().group().equals("producer-metrics"))
                    .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue())
                    .sum();
            c.close();
        }
        long acked = 0;
        long planned = 0;
        for (GeneratorInstance g : byPacer.stream()
                .flatMap(List::stream)
                .sorted(Comparator.comparingLong(GeneratorInstance::dueFirst))
                .toList()) {
            GeneratorSummary s = g.summary();
            JSON.writeValue(out.resolve("gen-" + s.generatorId() + ".json").toFile(), s);
            acked += s.acked();
            planned += s.planned();
        }
        pool.shutdown();
        Files.writeString(out.resolve("done-" + node), "planned=" + planned + " acked=" + acked + "\n");
        System.out.printf(
                "generator %s: %d instances over %d producer(s), %d of %d messages acked, %.0f produce requests%n",
                node, instances, shared, acked, planned, requests);
        return 0;
    }

    private void createTopicIfMissing() throws Exception {
        Properties p = KafkaLogin.apply(new Properties(), kafkaConfig);
        p.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(p)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, createTopic, (short) 1)))
                        .all()
                        .get();
            }
        }
    }

    private Properties producerConfig(String name) {
        Properties p = KafkaLogin.apply(new Properties(), kafkaConfig);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "streamscale-gen-" + name);
        p.put(ProducerConfig.ACKS_CONFIG, acks);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        // a send may be retried until this (Kafka requires at least linger + request timeout); 2 min as Kafka's default
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(120_000, lingerMs + requestTimeoutMs));
        // acks=all with idempotence avoids duplicates on retries; with acks=0/1 idempotence cannot be on
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "all".equals(acks) || "-1".equals(acks));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        return p;
    }
}
