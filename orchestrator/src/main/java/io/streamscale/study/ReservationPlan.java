package io.streamscale.study;

import io.streamscale.common.Durations;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Plan;
import io.streamscale.manifest.Schema;
import io.streamscale.scheduler.Backend;
import io.streamscale.scheduler.DaytimeRule;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a study's reservations will be, for {@code plan}: each per-run reservation's length and whether it fits
 * scheduler.walltime, and on sites with a daytime rule (DAS, with prun) whether the longest may start in daytime.
 */
public final class ReservationPlan {
    private ReservationPlan() {}

    /** The reservations of the cells and the daytime rule of their sites; nothing when neither applies. */
    public static void print(List<Cell> cells, PrintWriter out) {
        reservations(cells, out);
        daytime(cells, out);
    }

    /** Per-run reservations: each run's length and whether it fits scheduler.walltime (with the model cache as it is now). */
    private static void reservations(List<Cell> cells, PrintWriter out) {
        List<Cell> perRun = cells.stream()
                .filter(c -> "per-run".equals(c.get(Schema.SCHEDULER_RESERVATION))
                        && c.get(Schema.SCHEDULER_BACKEND) != Backend.LOCAL)
                .toList();
        if (perRun.isEmpty()) {
            return;
        }
        List<Boolean> trains = Plan.trainsInOrder(perRun, c -> !CellRunner.trains(c));
        out.printf(
                "reservations: one per run, sized from the run's estimate and the teardown margin (model cache as it is now)%n");
        int misfits = 0;
        for (int i = 0; i < perRun.size(); i++) {
            Cell c = perRun.get(i);
            Plan.Reservation r = Plan.perRun(c, trains.get(i));
            String what = !r.fits()
                    ? "DOES NOT FIT: " + r.misfit()
                    : "fits scheduler.walltime " + Durations.format(r.limit())
                            + (r.trainingFirst() == null
                                    ? ""
                                    : "; its model is trained first in a 1-node reservation of "
                                            + Durations.format(r.trainingFirst()));
            misfits += r.fits() ? 0 : 1;
            if (c.repetition() == 1) { // later repetitions ask the same (their model is cached by then)
                out.printf(
                        Locale.ROOT,
                        "  %-18s %-22s %8s  %s%n",
                        c.experiment(),
                        c.name(),
                        r.fits() ? Durations.format(r.length()) : "-",
                        what);
            }
        }
        if (misfits > 0) {
            out.printf("%d run(s) do not fit their reservation: `run` refuses the study until they do%n", misfits);
        }
    }

    /**
     * Sites with a daytime limit (DAS, with prun): the longest reservation the selected runs make and whether it may
     * start in daytime. `run` refuses, before reserving, one that may not.
     */
    private static void daytime(List<Cell> cells, PrintWriter out) {
        for (Backend backend : cells.stream()
                .map(c -> c.get(Schema.SCHEDULER_BACKEND))
                .distinct()
                .toList()) {
            var rule = DaytimeRule.of(backend);
            if (rule.isEmpty()) {
                continue;
            }
            List<Cell> mine = cells.stream()
                    .filter(c -> backend.equals(c.get(Schema.SCHEDULER_BACKEND)))
                    .toList();
            Duration longest = longestReservation(mine);
            DaytimeRule r = rule.get();
            out.printf(
                    "daytime rule (%s): at most %s between %s and %s on weekdays; the longest reservation here is %s: %s%n",
                    backend,
                    Durations.format(r.max()),
                    r.from(),
                    r.until(),
                    Durations.format(longest),
                    longest.compareTo(r.max()) <= 0
                            ? "it may start at any time"
                            : "it may start from " + r.until() + " or at a weekend (`streamscale submit ... --begin "
                                    + r.until() + "`); in daytime `run` refuses it before reserving");
        }
    }

    /** The longest reservation the cells make: each run's own (per-run), or the study's scheduler.walltime, or a report's. */
    public static Duration longestReservation(List<Cell> cells) {
        List<Boolean> trains = Plan.trainsInOrder(cells, c -> !CellRunner.trains(c));
        Duration longest = Reservation.REPORT;
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            Duration d = c.get(Schema.SCHEDULER_WALLTIME);
            if ("per-run".equals(c.get(Schema.SCHEDULER_RESERVATION))) {
                Plan.Reservation r = Plan.perRun(c, trains.get(i));
                d = r.trainingFirst() != null && r.trainingFirst().compareTo(r.length()) > 0
                        ? r.trainingFirst()
                        : r.length();
            }
            longest = d.compareTo(longest) > 0 ? d : longest;
        }
        return longest;
    }
}
