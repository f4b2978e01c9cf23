package io.streamscale.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamscale.testing.Cli;
import io.streamscale.testing.TestHome;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of broken manifests (src/test/resources/manifests): each file's {@code # expect: LINE:COL: PATH: text}
 * lines must all be reported, with the file name, in one go; and an invalid manifest starts nothing.
 */
class BrokenManifestsTest {
    static Path corpus() throws URISyntaxException {
        return Path.of(BrokenManifestsTest.class.getResource("/manifests").toURI());
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenManifestIsRejectedWithFileLineAndKeyPath() throws Exception {
        List<Path> corpus;
        try (Stream<Path> files = Files.list(corpus())) {
            corpus = files.sorted().toList();
        }
        {
            return corpus.stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                        List<String> expected = Files.readAllLines(f).stream()
                                .filter(l -> l.startsWith("# expect: "))
                                .map(l -> f + ":" + l.substring("# expect: ".length()))
                                .toList();
                        assertFalse(expected.isEmpty(), "the corpus file says what it expects");
                        ManifestException e = assertThrows(ManifestException.class, () -> {
                            Manifest m = ManifestReader.read(f);
                            m.cells(m.select(List.of()));
                        });
                        List<String> got =
                                e.errors().stream().map(ManifestError::toString).toList();
                        for (String want : expected) {
                            assertTrue(
                                    got.stream().anyMatch(g -> g.startsWith(want)),
                                    "expected\n  " + want + "\namong\n  " + String.join("\n  ", got));
                        }
                        assertEquals(
                                expected.size(),
                                got.size(),
                                "exactly the expected errors:\n  " + String.join("\n  ", got));
                    }));
        }
    }

    @Test
    void anUnknownExperimentNameIsAnErrorWithADidYouMean() {
        Manifest m = ManifestReader.read(TestHome.path().resolve("experiments.yaml"));
        ManifestException e = assertThrows(ManifestException.class, () -> m.select(List.of("scalling", "quickstart")));
        assertEquals(1, e.errors().size());
        String msg = e.errors().get(0).toString();
        assertTrue(
                msg.matches(
                        ".*experiments\\.yaml:\\d+:1: experiments: no experiment named 'scalling' \\(did you mean 'scaling'\\?\\).*"),
                msg);
    }

    @Test
    void anInvalidManifestStartsNothing(@TempDir Path results) throws Exception {
        Path bad = corpus().resolve("rf-too-big.yaml");
        Cli.Result r = Cli.run("run", bad.toString(), "--results", results.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains(bad + ":10:26: experiments.x.kafka.replicationFactor"), r.err());
        try (Stream<Path> left = Files.list(results)) {
            assertEquals(0, left.count(), "no run directory was made");
        }
        Cli.Result plan = Cli.run("plan", bad.toString());
        assertEquals(2, plan.exit());
        assertTrue(plan.err().contains("4 error(s) in the manifest"), plan.err());
    }
}
