package io.streamscale.results;

import static io.streamscale.common.Json.MAPPER;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Writes a run directory as a real run leaves it — run.json, generator summaries, and the scorer's Parquet in its exact
 * schema — with latencies given as SQL expressions of {@code i} (the row: message i of the even schedule) and {@code t}
 * (its intended send time in seconds since the load started). For tests with known answers and for the report's
 * benchmark. Messages are spread round-robin over the generators (all on node n1, all of their messages acked), so
 * generator g sends messages g, g+G, g+2G, ...; node n2 runs the rest and scores every row.
 *
 * @param dropSql      rows left out (lost), a SQL condition, or null
 * @param duplicateSql rows written twice, a SQL condition, or null
 */
public record SyntheticRun(
        long messages,
        double rate,
        double warmupSeconds,
        int generators,
        long startMicros,
        String eventLatencySql,
        String processingLatencySql,
        String dropSql,
        String duplicateSql,
        String experiment,
        String cell,
        int repetition,
        int kafkaNodes,
        int sparkNodes) {

    /** A flat run: event latency 1.5 s with ±0.3 s of deterministic noise, processing latency two thirds of it. */
    public static SyntheticRun flat(long messages, double rate) {
        return new SyntheticRun(
                messages,
                rate,
                0,
                8,
                1_700_000_000_000_000L,
                "1.5 + ((hash(i) % 1000) / 1000.0 - 0.5) * 0.6",
                "ev * 2 / 3",
                null,
                null,
                "",
                "synthetic",
                1,
                1,
                1);
    }

    public SyntheticRun withLatency(String eventSql, String processingSql) {
        return new SyntheticRun(
                messages,
                rate,
                warmupSeconds,
                generators,
                startMicros,
                eventSql,
                processingSql,
                dropSql,
                duplicateSql,
                experiment,
                cell,
                repetition,
                kafkaNodes,
                sparkNodes);
    }

    public SyntheticRun withLoss(String drop, String duplicate) {
        return new SyntheticRun(
                messages,
                rate,
                warmupSeconds,
                generators,
                startMicros,
                eventLatencySql,
                processingLatencySql,
                drop,
                duplicate,
                experiment,
                cell,
                repetition,
                kafkaNodes,
                sparkNodes);
    }

    public SyntheticRun in(String experiment, String cell, int repetition, double warmupSeconds) {
        return new SyntheticRun(
                messages,
                rate,
                warmupSeconds,
                generators,
                startMicros,
                eventLatencySql,
                processingLatencySql,
                dropSql,
                duplicateSql,
                experiment,
                cell,
                repetition,
                kafkaNodes,
                sparkNodes);
    }

    public SyntheticRun nodes(int kafka, int spark) {
        return new SyntheticRun(
                messages,
                rate,
                warmupSeconds,
                generators,
                startMicros,
                eventLatencySql,
                processingLatencySql,
                dropSql,
                duplicateSql,
                experiment,
                cell,
                repetition,
                kafka,
                spark);
    }

    public SyntheticRun generators(int g) {
        return new SyntheticRun(
                messages,
                rate,
                warmupSeconds,
                g,
                startMicros,
                eventLatencySql,
                processingLatencySql,
                dropSql,
                duplicateSql,
                experiment,
                cell,
                repetition,
                kafkaNodes,
                sparkNodes);
    }

    public double seconds() {
        return messages / rate;
    }

    public RunDirectory write(Path root) {
        return write(root, 1);
    }

    /** @param files how many Parquet files (a real run has one or more per micro-batch) */
    public RunDirectory write(Path root, int files) {
        RunDirectory dir = new RunDirectory(root);
        try {
            Files.createDirectories(dir.output());
            Files.createDirectories(dir.generators());
            MAPPER.writeValue(dir.runJson().toFile(), runJson());
            for (int g = 0; g < generators; g++) {
                long planned = messages / generators + (g < messages % generators ? 1 : 0);
                ObjectNode n = MAPPER.createObjectNode();
                n.put("generatorId", g);
                n.put("node", "n1");
                n.put("ratePerSecond", rate / generators);
                n.put("planned", planned);
                n.put("sent", planned);
                n.put("acked", planned);
                n.put("failed", 0);
                GeneratorFigures.Share share = new GeneratorFigures.Share(startMicros, rate, 0, 0, g, generators);
                n.put("startEpochMicros", startMicros + share.offsetMicros(g));
                n.put("endEpochMicros", startMicros + Math.round(seconds() * 1e6));
                n.put("behindScheduleMicrosP50", 100);
                n.put("behindScheduleMicrosP99", 2000);
                n.put("behindScheduleMicrosMax", 5000);
                n.set(
                        "share",
                        MAPPER.createObjectNode()
                                .put("nodeStartEpochMicros", startMicros)
                                .put("nodeRatePerSecond", rate)
                                .put("rampMicros", 0)
                                .put("index", g)
                                .put("stride", generators));
                ArrayNode acked =
                        n.putArray("ackedRanges"); // every message acked: one range, as a run without failures writes
                if (planned > 0) {
                    acked.addArray().add(0).add(planned - 1);
                }
                MAPPER.writeValue(dir.generators().resolve("gen-" + g + ".json").toFile(), n);
            }
            writeParquet(dir.output(), files);
        } catch (IOException | SQLException e) {
            throw new ResultsException("cannot write the synthetic run " + root + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private ObjectNode runJson() {
        ObjectNode r = MAPPER.createObjectNode();
        r.put("run", cell);
        r.put("status", "complete");
        r.put("start", Instant.ofEpochSecond(0, startMicros * 1000).toString());
        ObjectNode p = r.putObject("parameters");
        p.putObject("cluster").put("kafka", kafkaNodes).put("spark", sparkNodes);
        p.putObject("load").put("rate", rate).put("duration", seconds()).put("warmup", warmupSeconds);
        // generators on n1, everything else on n2 (which scores every row)
        ObjectNode nodes = r.putObject("nodes");
        nodes.putObject("n1").put("address", "127.0.1.11").putArray("roles").add("GENERATOR");
        nodes.putObject("n2")
                .put("address", "127.0.1.12")
                .putArray("roles")
                .add("KAFKA")
                .add("SPARK_MASTER")
                .add("SPARK_WORKER")
                .add("ZOOKEEPER");
        if (!experiment.isEmpty()) {
            r.put("experiment", experiment);
            r.put("cell", cell);
            r.put("repetition", repetition);
        }
        return r;
    }

    private void writeParquet(Path outputDir, int files) throws SQLException {
        String base = "SELECT i, i * 1e6 / " + rate + " AS off FROM range(" + messages + ") r(i)";
        String rows = "SELECT i, off / 1e6 AS t, " + startMicros + " + CAST(off AS BIGINT) AS gen FROM (" + base + ")";
        String withEv = "SELECT *, " + eventLatencySql + " AS ev FROM (" + rows + ")";
        String withPr = "SELECT *, " + processingLatencySql + " AS pr FROM (" + withEv + ")"
                + (dropSql == null ? "" : " WHERE NOT (" + dropSql + ")");
        String all = duplicateSql == null
                ? withPr
                : withPr + " UNION ALL SELECT * FROM (" + withPr + ") WHERE " + duplicateSql;
        String out = "SELECT CAST(i % 671 AS INTEGER) AS userID, CAST(i % 9066 AS INTEGER) AS movieID, "
                + "make_timestamp(gen) AS timestampGenerator, make_timestamp(gen + 2000) AS timestampKafka, "
                + "make_timestamp(gen + CAST(round((ev - pr) * 1e6) AS BIGINT)) AS timestampSpark, "
                + "CAST(3.5 AS DOUBLE) AS prediction, CAST(ev AS DOUBLE) AS EventLatency, CAST(pr AS DOUBLE) AS ProcessingLatency, "
                + "make_timestamp(gen + CAST(round(ev * 1e6) AS BIGINT)) AS ProcessedTimestamp, "
                + "CAST(i % " + generators + " AS INTEGER) AS generatorId, CAST(i // " + generators
                + " AS BIGINT) AS seq, "
                + "CAST(0 AS INTEGER) AS kafkaPartition, CAST(i AS BIGINT) AS kafkaOffset, 'n2' AS scoredOn FROM ("
                + all + ")";
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = db.createStatement()) {
            if (files <= 1) {
                s.execute("COPY (" + out + ") TO '"
                        + outputDir.resolve("part-00000.parquet").toString().replace("'", "''") + "' (FORMAT parquet)");
            } else {
                long perFile = Math.max(1, (messages + files - 1) / files);
                s.execute("SET preserve_insertion_order = false");
                s.execute("COPY (" + out + ") TO '" + outputDir.toString().replace("'", "''")
                        + "' (FORMAT parquet, ROW_GROUP_SIZE " + perFile
                        + ", ROW_GROUPS_PER_FILE 1, FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE true)");
            }
        }
    }

    /** {@code SyntheticRun DIR MESSAGES RATE [FILES]}: a flat run for the benchmark. */
    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: SyntheticRun DIR MESSAGES RATE [FILES]");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        flat(Long.parseLong(args[1]), Double.parseDouble(args[2]))
                .write(Path.of(args[0]), args.length == 4 ? Integer.parseInt(args[3]) : 1);
        System.out.printf("wrote %s messages to %s in %.1f s%n", args[1], args[0], (System.nanoTime() - t0) / 1e9);
    }
}
