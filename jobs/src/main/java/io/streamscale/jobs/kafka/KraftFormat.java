package io.streamscale.jobs.kafka;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Kafka's {@code StorageTool format} for a KRaft node, with the run's SCRAM credential added to the bootstrap metadata
 * ({@code --add-scram}, KIP-900) from a 0600 file instead of the command line, where every user of the node could
 * read it. Usage: {@code KraftFormat SCRAM_FILE USER format -t ID -c PROPERTIES --ignore-formatted}; SCRAM_FILE holds
 * {@code SCRAM-SHA-512=password=HEX}. Runs on Kafka's classpath (plus this jar); exits with the tool's status.
 */
public final class KraftFormat {
    private KraftFormat() {}

    public static void main(String[] args) throws Exception {
        String line = Files.readAllLines(Path.of(args[0])).stream()
                .filter(l -> l.contains("=password="))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(args[0] + " holds no MECHANISM=password=... line"));
        String mechanism = line.substring(0, line.indexOf('='));
        String password = line.substring(line.indexOf("=password=") + "=password=".length())
                .strip();
        List<String> tool = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
        // the parser splits on commas and the first '=': hex passwords need no quoting (ScramParser)
        tool.addAll(List.of("--add-scram", mechanism + "=[name=" + args[1] + ",password=" + password + "]"));
        Object status = Class.forName("kafka.tools.StorageTool")
                .getMethod("execute", String[].class, PrintStream.class)
                .invoke(null, tool.toArray(new String[0]), System.out);
        System.exit((Integer) status);
    }
}
