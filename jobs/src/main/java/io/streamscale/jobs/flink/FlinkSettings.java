package io.streamscale.jobs.flink;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/** The scorer job's Flink settings: the run's client file (TLS keys), then checkpointing and restarts. */
final class FlinkSettings {
    private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

    private FlinkSettings() {}

    /**
     * @param clientFile {@code key: value} lines (the REST client's TLS keystore, truststore and passwords), read here
     *                   so that no command line carries a password; null: none
     */
    static Configuration client(Path clientFile, Path checkpoint, long intervalMs) throws IOException {
        Properties p = new Properties();
        if (clientFile != null) {
            try (Reader r = Files.newBufferedReader(clientFile)) {
                p.load(r);
            }
        }
        Configuration conf = new Configuration();
        p.stringPropertyNames().forEach(k -> conf.setString(k, p.getProperty(k).strip()));
        conf.setString("execution.checkpointing.interval", intervalMs + " ms");
        conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        conf.setString(
                "execution.checkpointing.dir",
                checkpoint.toAbsolutePath().toUri().toString());
        conf.setString("execution.checkpointing.storage", "filesystem");
        // kept when the job is cancelled or the JobManager dies, so a resubmitted job resumes from it
        conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        // a lost TaskManager or broker fails tasks: restart from the last checkpoint, again and again, a second apart
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", String.valueOf(Integer.MAX_VALUE));
        conf.setString("restart-strategy.fixed-delay.delay", "1 s");
        return conf;
    }

    /** The newest completed checkpoint under {@code dir} ({@code <job>/chk-N} with its {@code _metadata}), if any. */
    static Optional<Path> latestCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.find(
                dir,
                2,
                (p, a) -> a.isDirectory()
                        && CHK.matcher(p.getFileName().toString()).matches())) {
            return s.filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .max(Comparator.comparingLong(FlinkSettings::number));
        }
    }

    private static long number(Path chk) {
        Matcher m = CHK.matcher(chk.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
