package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsSpaceTest {
    @Test
    void quotaLeftIsTheSoftLimitLessWhatIsUsedOnTheResultsFilesystem() {
        String out = """
                Disk quotas for user alice (uid 1000):
                     Filesystem  blocks   quota   limit   grace   files   quota   limit   grace
                      /dev/sda1  123456  500000  550000            1234       0       0
                fs0:/var/scratch 900000*  800000  1000000  6days      10       0       0
                """;
        assertEquals(OptionalLong.of((500000L - 123456) * 1024), ResultsSpace.quotaLeft(out, "/dev/sda1"));
        assertEquals(
                OptionalLong.of(0),
                ResultsSpace.quotaLeft(out, "fs0:/var/scratch"),
                "over the soft limit: nothing left");
        assertEquals(OptionalLong.empty(), ResultsSpace.quotaLeft(out, "/dev/sdb1"), "no quota there");
        assertEquals(
                OptionalLong.empty(), ResultsSpace.quotaLeft("  /dev/sda1  10  0  0", "/dev/sda1"), "no limit set");
    }

    @Test
    void moreThanTheFilesystemHoldsIsRefusedNamingTheNumbers(@TempDir Path tmp) {
        Path results = tmp.resolve("results/not/yet");
        assertEquals(Optional.empty(), ResultsSpace.shortfall(results, 1_000_000));
        String why = ResultsSpace.shortfall(results, Long.MAX_VALUE / 2).orElseThrow();
        assertTrue(
                why.startsWith(results + " has ") && why.contains(" free; the runs will write about 4611686018.4 GB"),
                why);
    }
}
