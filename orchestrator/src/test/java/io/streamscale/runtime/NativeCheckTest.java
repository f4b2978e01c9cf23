package io.streamscale.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeCheckTest {
    @Test
    void loadsDuckDbSnappyAndZstdAndSaysTheirVersions() throws Exception {
        String loaded = NativeCheck.load();
        assertTrue(
                loaded.matches("duckdb v\\d+\\.\\d+\\.\\d+, snappy \\d+\\.\\d+\\.\\d+.*, zstd \\d+\\.\\d+\\.\\d+.*"),
                loaded);
    }
}
