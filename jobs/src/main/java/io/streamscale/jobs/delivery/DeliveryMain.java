package io.streamscale.jobs.delivery;

import io.streamscale.jobs.kafka.KafkaLogin;
import io.streamscale.jobs.scorer.OutputTypes;
import io.streamscale.jobs.scorer.ParquetRowFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A reader of the scorer's output topic (the Kafka sink), as a user of the service would have one: it stamps when each
 * row arrived (deliveredTimestamp, one stamp per poll that returned it, on this node's clock) and writes the row's
 * columns and that stamp to Parquet, the same Table 1 columns as the file sink plus deliveredTimestamp and deliveredOn.
 * Every row it receives is written, duplicates included (the Kafka sink delivers at least once; the analysis counts
 * them). Files roll every {@code --roll} or when the topic goes quiet: each is written under {@value #IN_PROGRESS}/ and
 * renamed into {@code --output}, then the offsets it holds are committed for the group, so a drained group (lag 0)
 * means every delivered row is in a file. SIGTERM closes the open file the same way.
 */
@Command(name = "delivery", mixinStandardHelpOptions = true)
public final class DeliveryMain implements Callable<Integer> {
    static final String IN_PROGRESS = "_inprogress";
    public static final String GROUP = "streamscale-delivery";

    @Option(names = "--bootstrap", required = true)
    String bootstrap;

    @Option(
            names = "--kafka-config",
            description = "The run's Kafka login (a properties file), where its Kafka requires one.")
    Path kafkaConfig;

    @Option(names = "--topic", required = true, description = "the scorer's output topic")
    String topic;

    @Option(names = "--output", required = true, description = "directory of the delivered rows' Parquet files")
    Path output;

    @Option(names = "--node", defaultValue = "local", description = "this node's name, written with each row")
    String node;

    @Option(
            names = "--roll-ms",
            defaultValue = "10000",
            description = "a file is closed and committed at least this often")
    long rollMs;

    @Option(names = "--kafka-timeout-ms", defaultValue = "30000")
    int kafkaTimeoutMs;

    private final CountDownLatch done = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new DeliveryMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(output.resolve(IN_PROGRESS));
        Properties p = KafkaLogin.apply(new Properties(), kafkaConfig);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, kafkaTimeoutMs);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50); // a row waits at most this long in the broker for company
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.wakeup(); // ends the poll; the loop closes and commits its file
            try {
                done.await(30, TimeUnit.SECONDS); // not the main thread: its System.exit waits for us
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        MessageType schema = ParquetRowFiles.parquetSchema(OutputTypes.DELIVERED_TYPES);
        DeliveredRows rows = new DeliveredRows(schema, node);
        int files = 0;
        long received = 0;
        ParquetWriter<Group> writer = null;
        Path current = null;
        long openedAt = 0;
        try {
            consumer.subscribe(List.of(topic));
            System.out.printf("delivery: reading %s from %s into %s%n", topic, bootstrap, output);
            while (true) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                long now = micros(Instant.now());
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    if (writer == null) {
                        current = output.resolve(IN_PROGRESS)
                                .resolve(String.format(Locale.ROOT, "delivered-%s-%05d.parquet", node, files));
                        writer = ExampleParquetWriter.builder(new LocalOutputFile(current))
                                .withType(schema)
                                .withCompressionCodec(CompressionCodecName.SNAPPY)
                                .build();
                        openedAt = System.nanoTime();
                    }
                    writer.write(rows.group(r.value(), now));
                    received++;
                }
                if (writer != null && (batch.isEmpty() || System.nanoTime() - openedAt >= rollMs * 1_000_000)) {
                    commit(consumer, writer, current);
                    writer = null;
                    files++;
                }
            }
        } catch (WakeupException stopping) {
            if (writer != null) {
                commit(consumer, writer, current);
                files++;
            }
        } finally {
            consumer.close(Duration.ofSeconds(10));
            System.out.printf("delivery: %d rows in %d files%n", received, files);
            done.countDown();
        }
        return 0;
    }

    /** Closes the file, moves it into place, then commits the offsets of what it holds (and everything before). */
    private void commit(KafkaConsumer<byte[], byte[]> consumer, ParquetWriter<Group> writer, Path file)
            throws IOException {
        writer.close();
        Files.move(file, output.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        consumer.commitSync();
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
