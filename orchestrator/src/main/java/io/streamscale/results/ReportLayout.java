package io.streamscale.results;

import java.nio.file.Path;

/**
 * Where a report goes: {@code <path>/report/} for the path it was made of — {@code index.html}, one
 * {@code <experiment>.html} per experiment, {@code plots/} (PNG and SVG), {@code comparison.csv} and
 * {@code comparison.md}. Each run's own {@code windows.csv} and {@code report.json} stay in the run directory.
 */
public record ReportLayout(Path root) {
    public static ReportLayout of(Path reportedPath) {
        return new ReportLayout(reportedPath.toAbsolutePath().normalize().resolve("report"));
    }

    public Path index() {
        return root.resolve("index.html");
    }

    public Path experimentPage(String experiment) {
        return root.resolve(pageName(experiment));
    }

    public static String pageName(String experiment) {
        return "experiment-" + safe(experiment) + ".html";
    }

    public Path plots() {
        return root.resolve("plots");
    }

    public Path comparisonCsv() {
        return root.resolve("comparison.csv");
    }

    public Path comparisonMd() {
        return root.resolve("comparison.md");
    }

    /** A name usable as a file name: letters, digits, '-', '_' and '.'; the rest become '_'. */
    public static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
