package io.streamscale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamscale.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' dependencies (from the sources' references to io.streamscale.<package>.<Class>) have no cycle, and each
 * points down the layers of docs/architecture.md: a package uses only those below it.
 */
class PackagesTest {
    private static final Pattern REF = Pattern.compile("io\\.streamscale\\.(\\w+)\\.[A-Z]");
    /** Bottom to top: the leaves, the one wait, daemons and nodes, the config language, analysis, one run, studies, the CLI. */
    static final List<String> LAYERS = List.of(
            "common",
            "model",
            "remote",
            "template",
            "topology",
            "runtime",
            "readiness",
            "service",
            "scheduler",
            "fault",
            "cluster",
            "manifest",
            "results",
            "run",
            "study",
            "capacity",
            "cli");

    @Test
    void everyDependencyPointsDownTheLayers() throws Exception {
        Map<String, Set<String>> deps = dependencies();
        List<String> upward = new ArrayList<>();
        deps.forEach((from, tos) -> tos.forEach(to -> {
            if (!LAYERS.contains(from) || !LAYERS.contains(to) || LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                upward.add(from + " -> " + to);
            }
        }));
        assertEquals(List.of(), upward, "dependencies up the layers " + LAYERS + " (or of a package not in them)");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws Exception {
        Map<String, Set<String>> deps = dependencies();
        List<String> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            path(start, start, deps, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
        }
        assertEquals(List.of(), cycles, "package cycles; dependencies: " + deps);
    }

    private static Map<String, Set<String>> dependencies() throws Exception {
        Path root = TestHome.path().resolve("orchestrator/src/main/java/io/streamscale");
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                Matcher m = REF.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.group(1));
                    }
                }
            }
        }
        return deps;
    }

    private static void path(
            String start,
            String at,
            Map<String, Set<String>> deps,
            List<String> trail,
            Set<String> seen,
            List<String> cycles) {
        for (String next : deps.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", trail) + " -> " + start);
            } else if (seen.add(next)) {
                trail.add(next);
                path(start, next, deps, trail, seen, cycles);
                trail.remove(trail.size() - 1);
            }
        }
    }
}
