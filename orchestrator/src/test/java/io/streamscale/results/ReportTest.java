package io.streamscale.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamscale.common.Json;
import io.streamscale.template.TemplateRenderer;
import io.streamscale.testing.TestHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a whole results directory renders: every page, table and plot, and the pages reference every plot. */
class ReportTest {
    @TempDir
    Path tmp;

    @Test
    void aResultsDirectoryWithTwoExperimentsRendersEveryPageTableAndPlot() throws Exception {
        Path results = tmp.resolve("results");
        SyntheticRun base = SyntheticRun.flat(6000, 100);
        for (int rep = 1; rep <= 2; rep++) {
            base.nodes(1, 1)
                    .in("scaling", "k1s1_100ps", rep, 10)
                    .write(results.resolve("scaling/k1s1_100ps/rep-" + rep));
            base.nodes(2, 1)
                    .in("scaling", "k2s1_100ps", rep, 10)
                    .write(results.resolve("scaling/k2s1_100ps/rep-" + rep));
        }
        SyntheticRun.flat(12000, 200)
                .nodes(2, 1)
                .in("scaling", "k2s1_200ps", 1, 10)
                .write(results.resolve("scaling/k2s1_200ps/rep-1"));
        // an older attempt is not part of the study
        base.in("scaling", "k1s1_100ps", 1, 10).write(results.resolve("scaling/k1s1_100ps/rep-1.attempt-1"));
        RunDirectory fault = base.in("broker-fault", "k3s1_100ps", 1, 10)
                .nodes(3, 1)
                .write(results.resolve("broker-fault/k3s1_100ps/rep-1"));
        Instant strike = Instant.ofEpochSecond(0, (base.startMicros() + 25_000_000) * 1000);
        Files.writeString(
                fault.faults(),
                "{\"time\":\"" + strike + "\",\"sinceLoadStartMillis\":25000,\"phase\":\"inject\",\"action\":\"kill\","
                        + "\"node\":\"n1\",\"service\":\"kafka-0\",\"outcome\":\"ok\"}\n"
                        + "{\"time\":\"" + strike.plusSeconds(5)
                        + "\",\"sinceLoadStartMillis\":30000,\"phase\":\"heal\",\"action\":\"kill\","
                        + "\"node\":\"n1\",\"service\":\"kafka-0\",\"outcome\":\"restarted\"}\n");

        // one run's clocks were read before and after (n3 stamps nothing here, so the known answers hold): the report
        // shows them
        ObjectNode run = (ObjectNode) Json.MAPPER.readTree(fault.runJson().toFile());
        run.putObject("clockOffsets")
                .putObject("n3")
                .put("offsetMillis", 12.5)
                .put("boundMillis", 0.25)
                .put("clock", "jvm");
        run.putObject("clockOffsetsAfter")
                .putObject("n3")
                .put("offsetMillis", 13.5)
                .put("boundMillis", 0.25);
        Json.MAPPER.writeValue(fault.runJson().toFile(), run);

        StringWriter progress = new StringWriter();
        Report.Result r = new Report(
                        ReportOptions.DEFAULT,
                        new TemplateRenderer(TestHome.path().resolve("templates")),
                        new PrintWriter(progress, true))
                .write(results);

        assertEquals(List.of(), r.problems());
        assertEquals(6, r.runs().size(), "5 scaling runs and 1 fault run; the old attempt left out: " + progress);
        assertEquals(4, r.cells().size());
        assertTrue(progress.toString().contains("report: run 6 of 6: scaling/k2s1_200ps/rep-1"), progress.toString());
        ReportLayout l = r.layout();
        String index = Files.readString(l.index());
        assertTrue(
                index.contains("<h2>Clocks</h2>")
                        && index.contains("<td class=\"l\">n3</td><td>+12.500</td><td>+13.500</td>"
                                + "<td>+1.000</td><td>+13.000</td><td>+0.250</td><td class=\"l\">jvm</td>"),
                "the clocks table of the fault run");
        for (Path p : List.of(
                l.index(),
                l.experimentPage("scaling"),
                l.experimentPage("broker-fault"),
                l.comparisonCsv(),
                l.comparisonMd())) {
            assertTrue(Files.size(p) > 0, p + " is written");
        }
        for (RunAnalysis a : r.runs()) {
            assertTrue(Files.size(a.in().dir().windowsCsv()) > 0);
            String verdict = a.in().faults().isEmpty()
                    ? "sustainable"
                    : "inconclusive"; // a fault run: its recovery is the answer
            assertTrue(
                    Files.readString(a.in().dir().reportJson()).contains("\"verdict\" : \"" + verdict + "\""),
                    a.label());
        }
        assertTrue(Files.notExists(results.resolve("scaling/k1s1_100ps/rep-1.attempt-1/windows.csv")));

        List<String> csv = Files.readAllLines(l.comparisonCsv());
        assertEquals(String.join(",", ComparisonTable.CSV_HEADER), csv.get(0));
        assertEquals(5, csv.size());
        assertTrue(csv.get(2).startsWith("scaling,k1s1_100ps,1x1,1,1,100 msg/s,100,2,2,1.5"), csv.get(2));
        assertTrue(csv.get(4).startsWith("scaling,k2s1_200ps,2x1,2,1,200 msg/s,200,1,1,1.5"), csv.get(4));
        assertTrue(
                Files.readString(l.comparisonMd()).contains("| scaling | 2x1 | 100 msg/s | 2 (2) | 1.5"),
                Files.readString(l.comparisonMd()));

        // the seed's figures and ours, each as PNG and SVG
        List<String> plots;
        try (Stream<Path> s = Files.list(l.plots())) {
            plots = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String f : List.of(
                "scaling-warmup-event",
                "scaling-warmup-processing",
                "scaling-steady-event-100_msg_s",
                "scaling-steady-processing-100_msg_s",
                "scaling-steady-event-200_msg_s",
                "scaling-scalability",
                "scaling-percentiles",
                "scaling-loads-2x1",
                "broker-fault-k3s1_100ps-rep1-latency",
                "broker-fault-k3s1_100ps-rep1-percentiles",
                "all-scalability",
                "all-percentiles")) {
            assertTrue(plots.contains(f + ".png") && plots.contains(f + ".svg"), f + " in " + plots);
            assertTrue(Files.size(l.plots().resolve(f + ".png")) > 5_000, f + ".png has a picture");
            assertTrue(Files.readString(l.plots().resolve(f + ".svg")).contains("<svg"), f + ".svg is SVG");
        }
        // every plot is on a page, every image on a page exists, and nothing is loaded from elsewhere
        List<String> referenced = new ArrayList<>();
        for (Path page : List.of(l.index(), l.experimentPage("scaling"), l.experimentPage("broker-fault"))) {
            String html = Files.readString(page);
            Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
            while (m.find()) {
                String ref = m.group(1);
                assertTrue(!ref.contains("://"), page + " loads " + ref);
                assertTrue(Files.exists(l.root().resolve(ref)), page + " references " + ref + ", which does not exist");
                referenced.add(Path.of(ref).getFileName().toString());
            }
        }
        for (String p : plots) {
            assertTrue(referenced.contains(p), p + " is on no page");
        }
        assertTrue(
                Files.readString(l.experimentPage("scaling"))
                        .contains(
                                "<td class=\"l\">scaling</td><td class=\"l\">1x1</td><td class=\"l\">100 msg/s</td><td>2 (2)</td>\n<td>1.5"),
                "the cells table shows the same figures as comparison.md");
        String faultPage = Files.readString(l.experimentPage("broker-fault"));
        assertTrue(faultPage.contains("kill kafka-0 on n1"), "the recovery table names the fault");
        assertTrue(
                faultPage.contains("<td>3500</td><td>0</td><td>0</td><td>0</td></tr>"),
                "35 s sent after the strike: none not scored, none of the acked lost, none duplicated");
        assertTrue(
                faultPage.contains("<td>6000</td><td>0</td>\n<td>0</td><td>0</td><td>0</td>"),
                "the run: sent, lost, scored never acked, duplicated, NaN");
        StringWriter printout = new StringWriter();
        ReportPrintout.print(new PrintWriter(printout), r);
        assertTrue(printout.toString().contains("lost 0, duplicated 0\n"), printout.toString());
        assertTrue(Files.readString(l.index()).contains("<a href=\"experiment-scaling.html\">scaling</a>"));
    }

    @Test
    void eachConfigurationsHighestSustainedAndLowestUnsustainedLoadIsReported() throws Exception {
        Path results = tmp.resolve("capacity");
        String rising = "1 + 0.05 * t + ((hash(i) % 1000) / 1000.0 - 0.5)";
        SyntheticRun.flat(6000, 100).in("s", "k1s1_100ps", 1, 10).write(results.resolve("s/k1s1_100ps/rep-1"));
        SyntheticRun.flat(12000, 200).in("s", "k1s1_200ps", 1, 10).write(results.resolve("s/k1s1_200ps/rep-1"));
        SyntheticRun.flat(18000, 300)
                .withLatency(rising, "0.5")
                .in("s", "k1s1_300ps", 1, 10)
                .write(results.resolve("s/k1s1_300ps/rep-1"));
        SyntheticRun.flat(18000, 300)
                .nodes(2, 1)
                .in("s", "k2s1_300ps", 1, 10)
                .write(results.resolve("s/k2s1_300ps/rep-1"));
        Report.Result r = new Report(
                        ReportOptions.DEFAULT,
                        new TemplateRenderer(TestHome.path().resolve("templates")),
                        new PrintWriter(new StringWriter()))
                .write(results);
        List<Capacity> c = Capacity.of(r.cells());
        assertEquals(
                List.of("1x1", "2x1"), c.stream().map(Capacity::configuration).toList(), "fewest nodes first");
        assertEquals(List.of(3, 4), c.stream().map(Capacity::nodes).toList(), "Kafka + Spark + the generator's node");
        assertEquals(200.0, c.get(0).sustainedRate());
        assertEquals(300.0, c.get(0).failedRate());
        assertEquals(1.5, c.get(0).sustainedMeanSeconds(), 0.05, "the flat runs' mean");
        assertEquals(
                Arrays.asList(null, 200.0, 200.0), c.get(0).withinLatency(), "1.5 s: not within 1 s, within 2 and 5 s");
        assertEquals(300.0, c.get(1).sustainedRate());
        assertEquals(null, c.get(1).failedRate());
        String index = Files.readString(r.layout().index());
        assertTrue(
                index.contains(
                        "<tr><td class=\"l\">1x1</td><td>3</td><td>200 msg/s</td><td>1.50 s</td><td>–</td><td>200 msg/s</td>"
                                + "<td>200 msg/s</td><td>300 msg/s</td></tr>"),
                index);
        assertTrue(index.contains("<tr><td class=\"l\">2x1</td><td>4</td><td>300 msg/s</td>"), index);
    }

    @Test
    void aPathWithoutRunsIsAClearError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("nothing"));
        Report report = new Report(
                ReportOptions.DEFAULT,
                new TemplateRenderer(TestHome.path().resolve("templates")),
                new PrintWriter(new StringWriter()));
        ResultsException e = Assertions.assertThrows(ResultsException.class, () -> report.write(empty));
        assertEquals("no runs under " + empty + " (no run.json found)", e.getMessage());
        ResultsException missing =
                Assertions.assertThrows(ResultsException.class, () -> report.write(tmp.resolve("nope")));
        assertEquals(tmp.resolve("nope") + " does not exist", missing.getMessage());
    }
}
