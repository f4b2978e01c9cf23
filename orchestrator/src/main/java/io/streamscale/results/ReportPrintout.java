package io.streamscale.results;

import java.io.PrintWriter;
import java.util.Locale;

/** What {@code streamscale report} prints once a report is made: a line per run, the capacity lines, where it is. */
public final class ReportPrintout {
    private ReportPrintout() {}

    public static void print(PrintWriter out, Report.Result r) {
        for (RunAnalysis a : r.runs()) {
            Accounting acc = a.accounting();
            String readable = (a.committed().count() == 0
                            ? ""
                            : " committed " + f(a.committed().mean()) + " s (p99 "
                                    + f(a.committed().p99()) + "),")
                    + (a.delivered().count() == 0
                            ? ""
                            : " delivered " + f(a.delivered().mean()) + " s (p99 "
                                    + f(a.delivered().p99()) + "),");
            out.printf(
                    Locale.ROOT,
                    "  %-40s %-13s event %s s (p99 %s),%s processing %s s; lost %d%s, duplicated %d%s%n",
                    a.label(),
                    a.sustainability().verdict(),
                    f(a.event().mean()),
                    f(a.event().p99()),
                    readable,
                    f(a.processing().mean()),
                    acc.lost(),
                    lostFrom(acc.lostFrom()),
                    acc.duplicates(),
                    notAcked(acc.scoredNotAcked()));
            if (!a.valid()) {
                out.printf("    invalid: %s%n", a.invalidBecause());
            }
            if (a.clockCaveat() != null) {
                out.printf("    clock: %s%n", a.clockCaveat());
            }
        }
        for (Capacity c : Capacity.of(r.cells())) {
            out.printf(
                    "  %s (%d nodes) sustained up to %s%s; not sustained at %s%n",
                    c.configuration(),
                    c.nodes(),
                    c.sustained(),
                    c.sustainedMeanSeconds() == null
                            ? ""
                            : String.format(Locale.ROOT, " at %.2f s mean event latency", c.sustainedMeanSeconds()),
                    c.failed());
        }
        out.printf("report: %s (tables: %s)%n", r.layout().index(), r.layout().comparisonMd());
        out.flush();
    }

    /** How lost was counted, when not from the acked sets: acked − distinct, which a scored message whose ack failed masks. */
    public static String lostFrom(String from) {
        return Accounting.FROM_COUNTS.equals(from) ? " (acked − distinct: no acked seqs recorded)" : "";
    }

    /** Scored messages whose ack failed, when there are any (none is the rule, and unknown without the acked sets). */
    public static String notAcked(Long scoredNotAcked) {
        return scoredNotAcked == null || scoredNotAcked == 0 ? "" : ", " + scoredNotAcked + " scored but never acked";
    }

    private static String f(double d) {
        return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.3f", d);
    }
}
