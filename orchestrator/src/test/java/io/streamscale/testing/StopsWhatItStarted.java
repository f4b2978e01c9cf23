package io.streamscale.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * After each test (and each class), stops every process of this user that is still running from the test's own
 * {@code @TempDir}: daemons, jobs and orchestrators a failed (or leaky) test left behind would hold the ports and the
 * machine the next test needs. A process belongs to a test when its command line names that directory (its configs,
 * logs, scratch or results are in it), so the processes of another build on the same machine are never touched.
 * Registered for every test through {@code META-INF/services}; it says on stderr what it stopped.
 */
public final class StopsWhatItStarted implements AfterEachCallback, AfterAllCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        context.getTestInstance().ifPresent(test -> stopUnder(tempDirs(test.getClass(), test, false), context));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        context.getTestClass().ifPresent(c -> stopUnder(tempDirs(c, null, true), context));
    }

    private static List<Path> tempDirs(Class<?> type, Object instance, boolean statics) {
        List<Path> dirs = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(TempDir.class)
                        && Modifier.isStatic(f.getModifiers()) == statics
                        && f.getType() == Path.class) {
                    try {
                        f.setAccessible(true);
                        Object p = f.get(instance);
                        if (p != null) {
                            dirs.add((Path) p);
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read @TempDir " + f, e);
                    }
                }
            }
        }
        return dirs;
    }

    private static void stopUnder(List<Path> dirs, ExtensionContext context) {
        if (dirs.isEmpty()) {
            return;
        }
        List<String> stopped = new ArrayList<>();
        String user = ProcessHandle.current().info().user().orElse("");
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().user().orElse("").equals(user))
                .forEach(p -> {
                    Optional<String> cmd = p.info().commandLine();
                    if (cmd.isPresent() && dirs.stream().anyMatch(d -> cmd.get().contains(d.toString()))) {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                        stopped.add(p.pid() + " " + abbreviate(cmd.get()));
                    }
                });
        if (stopped.isEmpty()) {
            return;
        }
        System.err.println("[" + context.getDisplayName() + "] stopped " + stopped.size()
                + " process(es) the test left running: " + String.join("; ", stopped));
        for (String s : stopped) { // gone before the next test binds its ports (or JUnit removes the directory)
            ProcessHandle.of(Long.parseLong(s.substring(0, s.indexOf(' '))))
                    .ifPresent(p -> p.onExit()
                            .completeOnTimeout(p, 10, TimeUnit.SECONDS)
                            .join());
        }
    }

    private static String abbreviate(String cmd) {
        return cmd.length() <= 160 ? cmd : cmd.substring(0, 160) + "...";
    }
}
