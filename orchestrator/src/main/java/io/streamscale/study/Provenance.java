package io.streamscale.study;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.common.Durations;
import io.streamscale.common.Json;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Located;
import io.streamscale.runtime.RuntimeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How a run was made, for its run.json: the cell it is (experiment, cell, repetition and every resolved setting) and
 * the versions read from what actually ran (the runtime bundle's jars), with the source commit.
 */
public final class Provenance {
    private Provenance() {}

    /** The cell's part of run.json: which run it is, every setting as written (defaults included), the versions. */
    public static ObjectNode of(Cell c, ObjectNode versions) {
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("experiment", c.experiment());
        p.put("cell", c.name());
        p.put("repetition", c.repetition());
        ObjectNode settings = p.putObject("resolvedSettings");
        new TreeMap<>(c.settings()).forEach((k, v) -> settings.put(k, text(v)));
        p.set("versions", versions);
        return p;
    }

    private static String text(Located l) {
        if (l.value() == null) {
            return null;
        }
        if (l.value() instanceof Duration d) {
            return Durations.format(d);
        }
        return l.text().isEmpty() ? String.valueOf(l.value()) : l.text();
    }

    public static ObjectNode versions(RuntimeLayout runtime, Path home) {
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put("kafka", jarVersion(runtime.kafkaClasspath(), "kafka_2\\.13-(.+)\\.jar"));
        v.put("zookeeper", jarVersion(runtime.zookeeperClasspath(), "zookeeper-(\\d.+)\\.jar"));
        v.put("spark", jarVersion(runtime.sparkClasspath(), "spark-core_2\\.13-(.+)\\.jar"));
        String own = Provenance.class.getPackage().getImplementationVersion();
        v.put("streamscale", own != null ? own : "development build");
        v.put("gitCommit", gitCommit(home));
        return v;
    }

    private static String jarVersion(String classpath, String pattern) {
        Path dir = Path.of(classpath.substring(0, classpath.length() - 2));
        Pattern p = Pattern.compile(pattern);
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.map(j -> p.matcher(j.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String gitCommit(Path home) {
        try {
            Process p = new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            boolean dirty = false;
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                Process s = new ProcessBuilder(
                                "git", "-C", home.toString(), "status", "--porcelain", "--untracked-files=no")
                        .start();
                dirty = !new String(s.getInputStream().readAllBytes()).isBlank();
                s.waitFor(10, TimeUnit.SECONDS);
                return out + (dirty ? " (with uncommitted changes)" : "");
            }
            return "unknown (not a git checkout)";
        } catch (IOException e) {
            return "unknown (no git)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
