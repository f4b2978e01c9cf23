package io.streamscale.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.common.Versions;
import io.streamscale.testing.TestHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every Linux x86-64 native library the build bundles (the nodes' runtime and the orchestrator's jars, which the
 * analysis node runs) with the highest GLIBC and GLIBCXX versions it needs. A library a node loads without a pure-Java
 * fallback must load on CentOS 7, which DAS-5's nodes run: glibc 2.17 and GCC 4.8.5's libstdc++ (GLIBCXX_3.4.19).
 * A library no rule below names fails the test: whoever adds it says whether it is loaded and what happens if it cannot.
 */
@Tag("integration")
class NativeLibrariesIT {
    static final String MAX_GLIBC = "2.17";
    static final String MAX_GLIBCXX = "3.4.19";

    enum Loading {
        NO_FALLBACK,
        FALLBACK,
        NOT_LOADED
    }

    record Rule(String jarPrefix, Loading loading, String why) {}

    /** What each bundled native library is, for a run. */
    static final List<Rule> RULES = List.of(
            new Rule("duckdb_jdbc-", Loading.NO_FALLBACK, "the analysis: summaries, reports, capacity verdicts"),
            new Rule("snappy-java-", Loading.NO_FALLBACK, "Spark's Parquet codec; Kafka's and ZooKeeper's snappy"),
            new Rule("zstd-jni-", Loading.NO_FALLBACK, "Kafka's zstd batches; Spark's zstd codec"),
            new Rule(
                    "lz4-java-", Loading.FALLBACK, "LZ4Factory.fastestInstance() uses the Java implementation instead"),
            new Rule("blas-", Loading.FALLBACK, "dev.ludovic.netlib uses its Java BLAS instead"),
            new Rule("lapack-", Loading.FALLBACK, "dev.ludovic.netlib uses its Java LAPACK instead"),
            new Rule("arpack-", Loading.FALLBACK, "dev.ludovic.netlib uses its Java ARPACK instead"),
            new Rule("commons-crypto-", Loading.FALLBACK, "Spark's I/O encryption (off) falls back to the JDK's JCE"),
            new Rule("netty-tcnative-", Loading.FALLBACK, "Netty uses the JDK's TLS when OpenSSL does not load"),
            new Rule(
                    "netty-transport-native-epoll-",
                    Loading.FALLBACK,
                    "Netty's NIO transport (Spark's default io.mode)"),
            new Rule(
                    "async-profiler-",
                    Loading.NOT_LOADED,
                    "flink-runtime's REST profiler (rest.profiling.enabled), off in every Flink config"),
            new Rule("leveldbjni-", Loading.NOT_LOADED, "Spark's shuffle-service and history recovery, not run"),
            new Rule(
                    "rocksdbjni-",
                    Loading.NOT_LOADED,
                    "Spark's RocksDB state store, not configured: the scorer keeps no state"));

    record Library(String jar, String entry, String glibc, String glibcxx, Rule rule) {}

    @Test
    void everyLibraryLoadedWithoutAFallbackNeedsAtMostCentOs7sGlibcAndLibstdcxx() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path dir : List.of(
                TestHome.path().resolve("target/runtime"), TestHome.path().resolve("orchestrator/target/lib"))) {
            assertTrue(Files.isDirectory(dir), dir + " is built before the integration tests");
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
        }
        List<Library> found = new ArrayList<>();
        List<String> unclassified = new ArrayList<>();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                boolean linuxJar =
                        jar.getFileName().toString().toLowerCase(Locale.ROOT).contains("linux");
                for (ZipEntry e :
                        zip.stream().filter(e -> linuxLibrary(e, linuxJar)).toList()) {
                    byte[] elf;
                    try (InputStream in = zip.getInputStream(e)) {
                        elf = in.readAllBytes();
                    }
                    if (!ElfVersionNeeds.isX8664(elf)) {
                        continue;
                    }
                    String name = jar.getFileName().toString();
                    Rule rule = RULES.stream()
                            .filter(r -> name.startsWith(r.jarPrefix()))
                            .findFirst()
                            .orElse(null);
                    if (rule == null) {
                        unclassified.add(name + "!/" + e.getName());
                        continue;
                    }
                    List<String> needs = ElfVersionNeeds.of(elf);
                    if (found.stream()
                            .anyMatch(l -> l.jar().equals(name) && l.entry().equals(e.getName()))) {
                        continue; // the same jar in two components' directories
                    }
                    found.add(new Library(
                            name,
                            e.getName(),
                            ElfVersionNeeds.highest(needs, "GLIBC").orElse("-"),
                            ElfVersionNeeds.highest(needs, "GLIBCXX").orElse("-"),
                            rule));
                }
            }
        }
        System.out.println(table(found));
        assertEquals(
                List.of(),
                unclassified,
                "native libraries no rule names: add each to RULES, saying how a run loads it");
        List<String> tooNew = found.stream()
                .filter(l -> l.rule().loading() == Loading.NO_FALLBACK)
                .filter(l -> above(l.glibc(), MAX_GLIBC) || above(l.glibcxx(), MAX_GLIBCXX))
                .map(l -> l.jar() + "!/" + l.entry() + " needs GLIBC_" + l.glibc() + ", GLIBCXX_" + l.glibcxx())
                .toList();
        assertEquals(
                List.of(),
                tooNew,
                "libraries without a Java fallback must load on glibc " + MAX_GLIBC + " / GLIBCXX_" + MAX_GLIBCXX);
        for (String mustBe : List.of("duckdb_jdbc-", "snappy-java-", "zstd-jni-")) {
            assertTrue(found.stream().anyMatch(l -> l.jar().startsWith(mustBe)), mustBe + " found and checked");
        }
    }

    @Test
    void versionsCompareByTheirParts() {
        assertTrue(Versions.compare("2.14", "2.9") > 0);
        assertTrue(Versions.compare("3.4.19", "3.4.22") < 0);
        assertEquals(0, Versions.compare("2.17", "2.17.0"));
        assertEquals(
                "3.4.22",
                ElfVersionNeeds.highest(
                                List.of("GLIBCXX_3.4.9", "GLIBCXX_3.4.22", "GLIBC_2.25", "CXXABI_1.3.8"), "GLIBCXX")
                        .orElseThrow());
    }

    /** A shared library for Linux: named so, or in a jar for Linux only (netty's). ELF's machine field does the rest. */
    private static boolean linuxLibrary(ZipEntry e, boolean linuxJar) {
        String n = e.getName().toLowerCase(Locale.ROOT);
        return !e.isDirectory()
                && (linuxJar || n.contains("linux"))
                && !n.contains("musl")
                && (n.endsWith(".so") || n.contains(".so_") || n.contains(".so."));
    }

    private static boolean above(String found, String max) {
        return !found.equals("-") && Versions.compare(found, max) > 0;
    }

    private static String table(List<Library> libs) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "%-58s %-7s %-8s %-12s %s%n",
                "native library (x86-64 Linux)",
                "GLIBC",
                "GLIBCXX",
                "loaded",
                "why"));
        for (Library l : libs) {
            b.append(String.format(
                    Locale.ROOT,
                    "%-58s %-7s %-8s %-12s %s%n",
                    l.jar() + "!/" + l.entry().substring(l.entry().lastIndexOf('/') + 1),
                    l.glibc(),
                    l.glibcxx(),
                    l.rule().loading().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    l.rule().why()));
        }
        return b.toString();
    }
}
