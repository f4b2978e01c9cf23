package io.streamscale.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

class StopsWhatItStartedTest {
    /** A test as the extension sees it: its own temporary directory. */
    static final class LeakyTest {
        @TempDir
        Path tmp;
    }

    @TempDir
    Path tmp;

    @TempDir
    Path elsewhere;

    @Test
    void aProcessNamingTheTestsDirectoryIsStoppedAndAnotherIsNot() throws Exception {
        LeakyTest leaky = new LeakyTest();
        leaky.tmp = tmp;
        Process left = new ProcessBuilder(
                        "sh",
                        "-c",
                        "sleep 300",
                        "daemon",
                        tmp.resolve("run/config").toString())
                .start();
        Process other = new ProcessBuilder(
                        "sh",
                        "-c",
                        "sleep 300",
                        "daemon",
                        elsewhere.resolve("x").toString())
                .start();
        try {
            assertTrue(left.isAlive() && other.isAlive());
            new StopsWhatItStarted().afterEach(context(leaky));
            assertTrue(left.waitFor(10, TimeUnit.SECONDS), "the process under the test's directory is stopped");
            assertFalse(other.waitFor(1, TimeUnit.SECONDS), "a process under another directory is left alone");
        } finally {
            left.destroyForcibly();
            other.destroyForcibly();
        }
    }

    private static ExtensionContext context(Object testInstance) {
        return (ExtensionContext) Proxy.newProxyInstance(
                ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getTestInstance" -> Optional.of(testInstance);
                    case "getTestClass" -> Optional.of(testInstance.getClass());
                    case "getDisplayName" -> "leaky()";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
