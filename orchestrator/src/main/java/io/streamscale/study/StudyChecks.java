package io.streamscale.study;

import io.streamscale.fault.FaultAction;
import io.streamscale.fault.FaultSpec;
import io.streamscale.fault.TrafficCut;
import io.streamscale.jobs.scorer.Processing;
import io.streamscale.manifest.Cell;
import io.streamscale.manifest.Key;
import io.streamscale.manifest.Located;
import io.streamscale.manifest.ManifestError;
import io.streamscale.manifest.ManifestException;
import io.streamscale.manifest.Plan;
import io.streamscale.manifest.RealTimeSite;
import io.streamscale.manifest.Schema;
import io.streamscale.remote.ExecResult;
import io.streamscale.remote.LocalRemote;
import io.streamscale.results.ResultsSpace;
import io.streamscale.run.RunBytes;
import io.streamscale.run.RunSpec;
import io.streamscale.scheduler.Backend;
import io.streamscale.service.Engine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a study's cells must satisfy together before anything is reserved: one site for a shared reservation, every
 * per-run reservation within scheduler.walltime, partitions possible here, results that fit. Each error names the
 * file, line and key (or the option that set it).
 */
public final class StudyChecks {
    private StudyChecks() {}

    /**
     * Every check of a manifest's selected cells before a study reserves anything; returns their one site.
     *
     * @param resume runs that completed under {@code results} are not run again, so their results need no space
     */
    public static SiteSettings all(Path file, List<Cell> cells, Path results, boolean resume) {
        SiteSettings site = oneSite(file, cells);
        partitionsPossible(file, cells, site);
        resultsFit(
                results,
                cells.stream()
                        .filter(c -> !resume || !CellRunner.completed(results, c))
                        .toList());
        if (site.reservesPerRun()) {
            reservationsFit(file, cells);
        }
        return site;
    }

    /** One reservation serves every selected cell, so they must agree on where nodes come from; returns that site. */
    public static SiteSettings oneSite(Path file, List<Cell> cells) {
        List<ManifestError> errors = new ArrayList<>();
        SiteSettings first = null;
        for (Cell c : cells) {
            SiteSettings s = SiteSettings.of(c);
            if (s.conflict() != null) {
                errors.add(error(file, c, Schema.SCHEDULER_LAUNCHER, "scheduler.launcher", s.conflict()));
                continue;
            }
            String unshared = RealTimeSite.refusal(s.backend(), s.sharedFilesystem(), c.get(Schema.SPARK_SINK));
            if (unshared != null && c.get(Schema.SPARK_PROCESSING) == Processing.REALTIME) {
                errors.add(error(file, c, Schema.SPARK_PROCESSING, "spark.processing", unshared + givenBy(c)));
            }
            String flink = RealTimeSite.flinkRefusal(s.backend(), s.sharedFilesystem());
            if (flink != null && c.get(Schema.ENGINE) == Engine.FLINK) {
                errors.add(error(file, c, Schema.ENGINE, "engine", flink + givenBy(c)));
            }
            if (first == null) {
                first = s;
            } else if (!first.equals(s)) {
                errors.add(
                        error(
                                file,
                                c,
                                Schema.SCHEDULER_BACKEND,
                                "scheduler",
                                "the selected experiments need different"
                                        + " reservations (scheduler.*, scratch or sharedFilesystem differ); run them one --experiment at a time"));
            }
        }
        throwIfAny(errors);
        if (first == null) {
            throw new IllegalArgumentException("no cells selected in " + file);
        }
        return first;
    }

    /** Per-run reservations: every run must fit in one of at most scheduler.walltime, or nothing is reserved. */
    public static void reservationsFit(Path file, List<Cell> cells) {
        List<Boolean> trains = Plan.trainsInOrder(cells, c -> !CellRunner.trains(c));
        List<ManifestError> errors = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            Plan.Reservation r = Plan.perRun(c, trains.get(i));
            if (!r.fits()) {
                errors.add(error(file, c, Schema.SCHEDULER_WALLTIME, "scheduler.walltime", r.misfit()));
            }
        }
        throwIfAny(errors);
    }

    /** A partition fault needs root and iptables; on this machine (local mode) that is known before anything starts. */
    public static void partitionsPossible(Path file, List<Cell> cells, SiteSettings site) {
        if (site.backend() != Backend.LOCAL) {
            return; // checked on the reserved nodes, before any daemon starts
        }
        List<ManifestError> errors = new ArrayList<>();
        String why = null;
        for (Cell c : cells) {
            List<Located> faults = c.locatedFaults();
            for (int i = 0; i < faults.size(); i++) {
                if (((FaultSpec) faults.get(i).value()).action() != FaultAction.PARTITION) {
                    continue;
                }
                if (why == null) {
                    ExecResult r = new LocalRemote("local").exec(TrafficCut.PROBE, Duration.ofSeconds(30));
                    why = r.ok()
                            ? ""
                            : (r.stderr().isBlank()
                                    ? "exit " + r.exitCode()
                                    : r.stderr().strip());
                }
                if (!why.isEmpty()) {
                    Located l = faults.get(i);
                    errors.add(new ManifestError(
                            file.toString(),
                            l.line(),
                            l.column(),
                            "experiments." + c.experiment() + ".faults[" + i + "]",
                            "a partition needs root and iptables on the nodes; `" + TrafficCut.PROBE + "` failed here: "
                                    + why));
                }
            }
        }
        throwIfAny(errors);
    }

    /** Refuses, before anything is reserved, runs whose results {@code results} cannot hold (space, quota). */
    public static void resultsFit(Path results, List<Cell> cells) {
        long bytes = cells.stream()
                .mapToLong(c -> RunBytes.of(RunSpec.of(c)).results())
                .sum();
        ResultsSpace.shortfall(results, bytes).ifPresent(why -> {
            throw new IllegalStateException("nothing reserved or started: " + why);
        });
    }

    private static ManifestError error(Path file, Cell c, Key<?> key, String path, String message) {
        Located where = c.located(key);
        int line = where == null ? 0 : where.line();
        int column = where == null ? 0 : where.column();
        return new ManifestError(file.toString(), line, column, "experiments." + c.experiment() + "." + path, message);
    }

    /** Which options made the cell's site what it is, for a message about a manifest line they override. */
    private static String givenBy(Cell c) {
        List<String> given = new ArrayList<>();
        for (Key<?> k : List.of(Schema.SCHEDULER_BACKEND, Schema.SHARED_FILESYSTEM, Schema.SCHEDULER_LAUNCHER)) {
            Located l = c.located(k);
            if (l != null && l.option() != null) {
                given.add(l.option() + " " + l.text());
            }
        }
        return given.isEmpty() ? "" : " (" + String.join(", ", given) + " given)";
    }

    private static void throwIfAny(List<ManifestError> errors) {
        if (!errors.isEmpty()) {
            throw new ManifestException(errors.stream().distinct().toList());
        }
    }
}
