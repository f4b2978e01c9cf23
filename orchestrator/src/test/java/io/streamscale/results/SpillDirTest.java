package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class SpillDirTest {
    @Test
    void eachAnalysisSpillsIntoADirectoryOfItsOwnInsideThisUsersAndItIsRemovedAfter() throws Exception {
        Path a = SpillDir.create();
        Path b = SpillDir.create();
        try {
            assertNotEquals(a, b);
            Path base = Path.of(
                    System.getProperty("java.io.tmpdir"), "streamscale-duckdb-" + System.getProperty("user.name"));
            assertEquals(base, a.getParent());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(base)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));
            Files.writeString(a.resolve("duckdb_temp_block-1.block"), "spilled");
        } finally {
            SpillDir.remove(a);
            SpillDir.remove(b);
        }
        assertFalse(Files.exists(a), "removed with what was spilled in it");
    }
}
