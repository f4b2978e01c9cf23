package io.streamscale.study;

import io.streamscale.common.Durations;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Plan;
import io.streamscale.manifest.Schema;
import io.streamscale.readiness.Readiness;
import io.streamscale.results.RunDirectory;
import io.streamscale.run.Analyst;
import io.streamscale.run.ModelTrainer;
import io.streamscale.run.Outcome;
import io.streamscale.run.PipelineRun;
import io.streamscale.scheduler.Allocation;
import io.streamscale.scheduler.SchedulerException;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * One run in a reservation of its own, sized from the run (DAS-5's 15-minute daytime reservations): its model trained
 * first on a node of its own when run and training do not fit together, the run measured, torn down and analysed
 * inside the reservation; a run cut short (Ctrl-C, the walltime) is analysed here once its nodes are back.
 */
final class PerRunReservation {
    private final CellRunner runner;
    private final Cell cell;
    private final RunDirectory dir;
    private final PrintWriter out;

    PerRunReservation(CellRunner runner, Cell cell, RunDirectory dir) {
        this.runner = runner;
        this.cell = cell;
        this.dir = dir;
        this.out = runner.out();
    }

    /** @return the run's outcome, or null when it could not start (said why) */
    Outcome run() {
        String label = cell.label();
        Plan.Reservation sized = Plan.perRun(cell, CellRunner.trains(cell));
        if (!sized.fits()) {
            out.printf("  %s not started: %s%n", label, sized.misfit());
            return null;
        }
        try {
            if (sized.trainingFirst() != null) {
                out.printf(
                        "  %s: its model is not in the cache and its training does not fit in the run's reservation of at"
                                + " most %s: training it first on a node of its own (%s)%n",
                        label, Durations.format(sized.limit()), Durations.format(sized.trainingFirst()));
                out.flush();
                ModelTrainer.Result m = runner.trainFirst(cell, sized.trainingFirst());
                out.printf("  model %s: trained on %s%n", m.dir().getFileName(), m.trainedOn());
                sized = Plan.perRun(cell, false);
            }
        } catch (Readiness.Cancelled e) {
            out.printf("  %s not started (interrupted while training its model)%n", label);
            return null;
        } catch (RuntimeException e) {
            out.printf("  %s not started: training its model failed: %s%n", label, e.getMessage());
            return null;
        }
        PipelineRun measured;
        try (Allocation a = runner.reserveFor(cell, sized.length())) {
            out.printf("  %s: %s%n", label, a.description());
            out.flush();
            if (!fits(a)) {
                return null;
            }
            measured = runner.measureOn(runner.site(a), cell, dir);
            if (!runner.cancelled() && !measured.startedNothing()) {
                Outcome o = analysedThere(a, measured);
                if (o != null) {
                    return o;
                }
            }
        } catch (Readiness.Cancelled e) {
            out.printf("  %s not started (interrupted while waiting for nodes)%n", label);
            return null;
        } catch (SchedulerException e) {
            out.printf("  %s not started: %s%n", label, e.getMessage());
            return null;
        }
        return measured.summarize(); // a run cut short, once its nodes are back
    }

    /** Whether the run fits in what the reservation leaves, less the teardown margin; says so when it does not. */
    private boolean fits(Allocation a) {
        if (a.endsAt().isEmpty()) {
            return true;
        }
        WalltimeBudget own = new WalltimeBudget(a.endsAt().get(), cell.get(Schema.SCHEDULER_TEARDOWN_MARGIN));
        if (own.fits(CellRunner.needs(cell), Instant.now())) {
            return true;
        }
        out.printf(
                "  %s not started: the reservation leaves %s, the run needs about %s (raise scheduler.walltime)%n",
                cell.label(), Durations.format(own.left(Instant.now())), Durations.format(CellRunner.needs(cell)));
        return false;
    }

    /** The outcome analysed on the reservation's node, or null when there is no analyst or Ctrl-C cut it short. */
    private Outcome analysedThere(Allocation a, PipelineRun measured) {
        try (Analyst there = runner.analystOn(a)) {
            if (there == null) {
                return null;
            }
            out.printf("  %s: analysis on %s%n", cell.label(), there.where());
            out.flush();
            return runner.whileAnalysing(there, () -> measured.summarize(there), () -> null);
        }
    }
}
