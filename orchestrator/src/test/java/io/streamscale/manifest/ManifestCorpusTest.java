package io.streamscale.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A generated corpus of broken manifests: every setting given values of the wrong type and out of its range, plus the
 * cases that once crashed or hung (zero intervals, overflowing node counts, runaway matrices, empty studies, missing
 * files). Each must be refused with a ManifestException whose every error has a line and column — none may crash with
 * anything else, and none may take more than 2 s (a matrix must not be expanded to be refused).
 */
class ManifestCorpusTest {
    private static final Map<String, String> BASE =
            new LinkedHashMap<>(Map.of("nodes", "[1, 1]", "load", "1000/s", "duration", "60s"));

    /** A one-experiment manifest with {@code path} (dotted) set to the raw YAML {@code value}. */
    static String with(String path, String value) {
        Map<String, String> settings = new LinkedHashMap<>(BASE);
        settings.put(path, value);
        StringBuilder y = new StringBuilder("experiments:\n  e:\n");
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            int dot = k.indexOf('.');
            if (dot < 0) {
                y.append("    ").append(k).append(": ").append(v).append('\n');
            } else {
                sections.computeIfAbsent(k.substring(0, dot), s -> new LinkedHashMap<>())
                        .put(k.substring(dot + 1), v);
            }
        });
        sections.forEach((s, kv) -> {
            y.append("    ").append(s).append(":\n");
            kv.forEach((k, v) ->
                    y.append("      ").append(k).append(": ").append(v).append('\n'));
        });
        return y.toString();
    }

    static String fault(String fields) {
        return with("faults", "\n      - {" + fields + "}");
    }

    /** name → what one of its errors must say (a key path or the message's words); filled with the corpus. */
    static final Map<String, String> WANT = new LinkedHashMap<>();

    /** name → manifest text. */
    static Map<String, String> corpus() {
        Map<String, String> c = new LinkedHashMap<>() {
            @Override
            public String put(String name, String text) {
                WANT.putIfAbsent(
                        name,
                        name.contains(" ") && Schema.key(name.substring(0, name.indexOf(' '))) != null
                                ? name.substring(0, name.indexOf(' '))
                                : null);
                return super.put(name, text);
            }
        };
        for (Key k : Schema.KEYS) {
            String p = k.path();
            if (k.type() != Key.Type.STRING && k.type() != Key.Type.FAULTS) {
                c.put(p + " as a list", with(p, "[1, 2, 3]"));
                c.put(p + " as a mapping", with(p, "{a: 1}"));
            }
            switch (k.type()) {
                case INT -> {
                    c.put(p + " not an integer", with(p, "1.5"));
                    c.put(p + " 2e9", with(p, "2e9"));
                    c.put(p + " beyond int", with(p, "99999999999"));
                    if (Double.isFinite(k.max())) {
                        c.put(p + " above its maximum", with(p, String.valueOf((long) k.max() + 1)));
                    }
                    if (k.min() > 0) {
                        c.put(p + " below its minimum", with(p, String.valueOf((long) k.min() - 1)));
                    }
                }
                case NUMBER -> {
                    c.put(p + " NaN", with(p, ".nan"));
                    c.put(p + " words", with(p, "much"));
                }
                case DURATION -> {
                    c.put(p + " words", with(p, "a while"));
                    c.put(p + " 10^17 days", with(p, "99999999999999999d"));
                    if (Double.isFinite(k.max())) {
                        c.put(p + " above its maximum", with(p, ((long) k.max() + 1) + "s"));
                    }
                }
                case CHOICE -> c.put(p + " not a choice", with(p, "bogus"));
                case BOOL -> c.put(p + " yes", with(p, "maybe"));
                case SIZE -> {
                    c.put(p + " unit", with(p, "2q"));
                    c.put(p + " zero", with(p, "0m"));
                    c.put(p + " petabytes", with(p, "9999999t"));
                }
                case LOAD -> {
                    c.put(p + " zero", with(p, "0/s"));
                    c.put(p + " words", with(p, "lots"));
                    c.put(p + " 10^12/s", with(p, "1000000000000/s"));
                }
                case NODES -> {
                    c.put("nodes zero", with(p, "[0, 1]"));
                    c.put("nodes one number", with(p, "[3]"));
                    c.put("nodes 2e9", with(p, "[2e9, 2e9]"));
                    c.put("nodes two billion", with(p, "[2000000000, 2000000000]"));
                    c.put("nodes 5000", with(p, "[5000, 1]"));
                    c.put("nodes a scalar", with(p, "3"));
                }
                default -> {}
            }
        }
        c.put("fault every 0s", fault("at: 10s, action: kill, target: kafka, restartAfter: 5s, every: 0s"));
        c.put("fault for 0s", fault("at: 10s, action: pause, target: kafka, for: 0s"));
        c.put("fault restartAfter 0s", fault("at: 10s, action: kill, target: kafka, restartAfter: 0s"));
        c.put("fault restartAfter 500ms", fault("at: 10s, action: kill, target: kafka, restartAfter: 500ms"));
        c.put("fault every a year", fault("at: 10s, action: kill, target: kafka, restartAfter: 5s, every: 365d"));
        c.put("fault beyond the load", fault("at: 2h, action: kill, target: kafka"));
        c.put("fault unknown field", fault("at: 10s, action: kill, target: kafka, often: yes"));
        c.put("fault no action", fault("at: 10s, target: kafka"));
        c.put("repetitions 2e9", with("repetitions", "2000000000"));
        c.put(
                "a runaway matrix",
                "experiments:\n  e:\n    matrix:\n      load: ["
                        + IntStream.rangeClosed(1, 10_000)
                                .mapToObj(i -> i + "/s")
                                .collect(Collectors.joining(", ")) + "]\n      spark.workerCores: ["
                        + IntStream.rangeClosed(1, 1000)
                                .mapToObj(String::valueOf)
                                .collect(Collectors.joining(", ")) + "]\n");
        c.put(
                "a matrix times repetitions",
                "experiments:\n  e:\n    repetitions: 1000\n    matrix:\n      load: [1/s, 2/s, 3/s, 4/s, 5/s, 6/s, 7/s, 8/s, 9/s, 10/s, 11/s]\n");
        c.put("messages beyond 10^11", with("load", "900000000/s") + "    warmup: 1d\n");
        c.put("no experiments", "experiments: {}\n");
        c.put("no experiments section", "defaults: {load: 5/s}\n");
        c.put("empty file", "");
        c.put("a list at the top", "- experiments\n");
        c.put("an experiment named index.csv", "experiments:\n  index.csv: {load: 5/s}\n");
        c.put("an experiment named submit", "experiments:\n  submit: {load: 5/s}\n");
        c.put("an experiment named ../x", "experiments:\n  ../x: {load: 5/s}\n");
        c.put("an experiment that is a list", "experiments:\n  e: [1, 2]\n");
        c.put("missing ratings file", with("model.ratings", "/no/such/ratings.csv"));
        c.put("missing ssh config", with("scheduler.sshConfig", "/no/such/ssh_config"));
        c.put("address pattern without host", with("scheduler.addressPattern", "10.0.0.1"));
        c.put(
                "srun on prun",
                with("scheduler.backend", "prun").replace("    scheduler:\n", "    scheduler:\n      launcher: srun\n")
                        + "    kafka: {replicationFactor: 2}\n");
        c.put("unknown key", with("kafka.acks", "1") + "    colour: blue\n");
        c.put("duplicate key", with("load", "5/s") + "    load: 6/s\n");
        c.put("tab indentation", "experiments:\n\te: {load: 5/s}\n");
        c.put("unclosed flow", "experiments:\n  e: {load: 5/s\n");
        c.put("replication above brokers", with("kafka.replicationFactor", "3"));
        c.put("min ISR above replication", with("kafka.minInsyncReplicas", "2"));
        c.put(
                "ratings and path both",
                with("model.ratings", "/etc/hostname").replace("    model:\n", "    model:\n      path: /etc\n"));
        Map.ofEntries(
                        Map.entry("fault every 0s", "every must be at least 1s"),
                        Map.entry("fault for 0s", "for must be at least 1s"),
                        Map.entry("fault restartAfter 0s", "restartAfter must be at least 1s"),
                        Map.entry("fault restartAfter 500ms", "restartAfter must be at least 1s"),
                        Map.entry("fault every a year", "every must be at most 7 days"),
                        Map.entry("fault beyond the load", "beyond the load"),
                        Map.entry("fault unknown field", "unknown key 'often'"),
                        Map.entry("fault no action", "a fault needs 'action'"),
                        Map.entry("repetitions 2e9", "repetitions: must be at most 1000"),
                        Map.entry("a runaway matrix", "more than 10000 runs"),
                        Map.entry("a matrix times repetitions", "11 cell(s) x 1000 repetition(s)"),
                        Map.entry("messages beyond 10^11", "messages in one run"),
                        Map.entry("no experiments", "no experiments: nothing to run"),
                        Map.entry("no experiments section", "no 'experiments' section"),
                        Map.entry("an experiment named index.csv", "letters, digits"),
                        Map.entry("an experiment named submit", "a directory of results itself"),
                        Map.entry("missing ratings file", "no such file: /no/such/ratings.csv"),
                        Map.entry("missing ssh config", "no such file: /no/such/ssh_config"),
                        Map.entry("address pattern without host", "has no {host}"),
                        Map.entry("srun on prun", "needs scheduler.backend slurm"),
                        Map.entry("unknown key", "unknown key 'colour'"),
                        Map.entry("duplicate key", "duplicate key"),
                        Map.entry("replication above brokers", "needs at least 3 brokers"),
                        Map.entry("min ISR above replication", "exceeds the replication factor"),
                        Map.entry("ratings and path both", "not both"),
                        Map.entry("nodes 2e9", "node counts"),
                        Map.entry("nodes two billion", "node counts"),
                        Map.entry("nodes 5000", "each 1 to 4096"))
                .forEach(WANT::put);
        return c;
    }

    @Test
    void theBaseManifestIsFineSoEachCaseFailsForItsOwnReason() {
        Manifest m = ManifestReader.readText("m.yaml", with("description", "fine"));
        assertEquals(1, m.cells(m.select(List.of())).size());
        Manifest faulty =
                ManifestReader.readText("m.yaml", fault("at: 10s, action: kill, target: kafka, restartAfter: 1s"));
        assertEquals(1, faulty.cells(faulty.select(List.of())).size());
    }

    @Test
    void theCorpusIsLarge() {
        assertTrue(corpus().size() >= 80, "at least 80 broken manifests: " + corpus().size());
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenManifestIsRefusedWithALocationQuicklyAndWithoutCrashing() {
        List<DynamicTest> tests = new ArrayList<>();
        corpus().forEach((name, text) -> tests.add(DynamicTest.dynamicTest(
                name,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                    try {
                        Manifest m = ManifestReader.readText("m.yaml", text);
                        m.cells(m.select(List.of()));
                        fail("accepted:\n" + text);
                    } catch (ManifestException e) {
                        assertFalse(e.errors().isEmpty());
                        String want = WANT.get(name);
                        assertTrue(
                                want == null
                                        || e.errors().stream()
                                                .anyMatch(err -> err.toString().contains(want)),
                                "an error about " + want + ": " + e.errors());
                        for (ManifestError err : e.errors()) {
                            assertTrue(err.line() >= 1 && err.column() >= 1, "a location: " + err + "\n" + text);
                            assertFalse(err.message().isBlank(), err.toString());
                        }
                    }
                }))));
        return tests.stream();
    }
}
