package io.streamscale.study;

import io.streamscale.manifest.Cell;
import io.streamscale.results.RunDirectory;
import java.util.List;

/**
 * What a study's reservation is used for: a manifest's cells each run once, one run of the command line, or a search
 * that decides its runs as it goes (the {@code capacity} command's).
 */
@FunctionalInterface
public interface Strategy {
    /** @return how many runs or searches did not complete */
    int run(CellRunner runner, List<Cell> cells, boolean resume);

    /** A manifest's cells, each run in turn into {@code results/EXPERIMENT/CELL/rep-N}. */
    Strategy EACH_RUN = (runner, cells, resume) -> runner.runAll(cells, resume);

    /** The one cell of {@code run}'s options, into {@code dir}, its summary printed when it ends. */
    static Strategy oneRun(RunDirectory dir) {
        return (runner, cells, resume) -> runner.runOne(cells.get(0), dir);
    }
}
