package io.streamscale.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runs under a path: the path itself when it is a run directory (it has run.json), else every run directory below
 * it — a cell, an experiment or a whole results directory. Older attempts kept by {@code --resume}
 * ({@code rep-N.attempt-M}) are not runs of the study and are left out.
 */
public final class RunFinder {
    private RunFinder() {}

    public static List<RunDirectory> under(Path path) {
        if (!Files.exists(path)) {
            throw new ResultsException(path + " does not exist");
        }
        if (Files.isRegularFile(path.resolve("run.json"))) {
            return List.of(new RunDirectory(path));
        }
        if (!Files.isDirectory(path)) {
            throw new ResultsException(path + " is not a directory (give a run, an experiment or a results directory)");
        }
        try (Stream<Path> s = Files.walk(path, 6)) {
            return s.filter(p -> p.getFileName().toString().equals("run.json"))
                    .map(Path::getParent)
                    .filter(d -> !d.getFileName().toString().contains(".attempt-"))
                    .sorted()
                    .map(RunDirectory::new)
                    .toList();
        } catch (IOException e) {
            throw new ResultsException("cannot search " + path + " for runs: " + e.getMessage(), e);
        }
    }

    /** Whether any run under {@code path} completed (run.json's status): a report of none would say nothing. */
    public static boolean anyComplete(Path path) {
        return Files.isDirectory(path) && under(path).stream().anyMatch(d -> d.status() == RunStatus.COMPLETE);
    }
}
