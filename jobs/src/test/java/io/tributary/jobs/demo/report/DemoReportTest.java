package io.tributary.jobs.demo.report;

import io.tributary.jobs.demo.DemoResults;
import io.tributary.jobs.demo.DemoResults.AlertMark;
import io.tributary.jobs.demo.DemoResults.AucPoint;
import io.tributary.jobs.demo.DemoResults.DriftPoint;
import io.tributary.jobs.demo.DemoResults.FreshnessPoint;
import io.tributary.jobs.demo.DemoResults.SummaryRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tributary.jobs.demo.report.DemoResultsSamples.DAY;
import static io.tributary.jobs.demo.report.DemoResultsSamples.START;
import static org.assertj.core.api.Assertions.assertThat;

class DemoReportTest {
    private static final Pattern CHART = Pattern.compile("<svg class=\"chart\" data-chart=\"([^\"]*)\"[^>]*>(.*?)</svg>", Pattern.DOTALL);
    private static final Pattern SERIES = Pattern.compile("<g class=\"series\" data-series=\"([^\"]*)\"");
    private static final Pattern FIGURE = Pattern.compile("<figure id=\"fig-[^\"]*\" data-figure=\"([^\"]*)\">(.*?)</figure>", Pattern.DOTALL);

    @Test
    void everyFigureIsThereInOrderWithOneSeriesPerVariantFeatureViewAndPercentile() {
        DemoResults r = DemoResultsSamples.flights2001();
        String html = DemoReport.html(r);

        assertThat(figures(html).keySet()).containsExactly("quality", "drift", "freshness", "latency", "ab");
        assertThat(figures(html).values()).allSatisfy(f -> assertThat(f).contains("<figcaption>").doesNotContain("no data:"));
        Map<String, String> charts = charts(html);
        assertThat(charts.keySet()).containsExactly("auc", "accuracy", "drift-psi", "drift-ks", "error-stream", "freshness", "latency", "ab");
        assertThat(series(charts.get("auc"))).containsExactly("champion", "challenger");
        assertThat(series(charts.get("accuracy"))).containsExactly("champion", "challenger");
        assertThat(series(charts.get("drift-psi"))).containsExactlyElementsOf(DemoResultsSamples.FEATURES);
        assertThat(series(charts.get("drift-ks"))).containsExactlyElementsOf(DemoResultsSamples.FEATURES);
        assertThat(series(charts.get("freshness"))).containsExactlyElementsOf(DemoResultsSamples.VIEWS);
        assertThat(series(charts.get("latency"))).containsExactly("p50", "p95", "p99");
        assertThat(series(charts.get("ab"))).containsExactly("champion", "challenger");
        // sections in the order of the brief: summary, figures 1-5, versions
        assertThat(html.indexOf("Flights replayed")).isLessThan(html.indexOf("data-chart=\"auc\""));
        assertThat(html.indexOf("data-chart=\"ab\"")).isLessThan(html.indexOf("<table class=\"versions\">"));
    }

    @Test
    void everyChartHasATitleAxesWithTicksAndALegend() {
        for (Map.Entry<String, String> chart : charts(DemoReport.html(DemoResultsSamples.flights2001())).entrySet()) {
            assertThat(chart.getValue()).as(chart.getKey())
                    .contains("class=\"chart-title\"", "class=\"axis x\"", "class=\"axis y\"", "class=\"legend\"", "class=\"plot-area\"");
            assertThat(count(chart.getValue(), "<line class=\"tick\"")).as(chart.getKey()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void eventTimeTicksAreUtcDaysOnMondays() {
        String auc = charts(DemoReport.html(DemoResultsSamples.flights2001())).get("auc");
        // January 1st, 2001 was a Monday; 59 days at weekly ticks
        assertThat(auc).contains(">Jan 01<", ">Jan 08<", ">Jan 15<", ">Feb 26<").doesNotContain(">Jan 02<");
    }

    @Test
    void versionMarkersThresholdsAndAlertsAreDrawnFromTheData() {
        DemoResults r = DemoResultsSamples.flights2001();
        Map<String, String> charts = charts(DemoReport.html(r));
        assertThat(count(charts.get("auc"), "class=\"rule vertical\"")).isEqualTo(r.versions().size());
        assertThat(charts.get("auc")).contains(">v1<", ">v8<");
        assertThat(charts.get("drift-psi")).contains("class=\"rule horizontal\"", "threshold 0.2");
        // KS compares its p-value with the threshold: no level on the statistic's axis
        assertThat(charts.get("drift-ks")).doesNotContain("class=\"rule horizontal\"").contains("p-value &lt; 0.01");
        long raised = r.alerts().stream().filter(a -> a.test().equals("PSI") && a.state().equals("RAISED")).count();
        long cleared = r.alerts().stream().filter(a -> a.test().equals("PSI") && a.state().equals("CLEARED")).count();
        assertThat(raised).isPositive();
        assertThat(cleared).isPositive();
        assertThat(count(charts.get("drift-psi"), "data-kind=\"alert-raised\"")).isEqualTo(raised);
        assertThat(count(charts.get("drift-psi"), "data-kind=\"alert-cleared\"")).isEqualTo(cleared);
        assertThat(count(charts.get("drift-psi"), "data-kind=\"drifted\""))
                .isEqualTo(r.drift().stream().filter(d -> d.test().equals("PSI") && d.drifted()).count());
    }

    @Test
    void legendsNameTheVersionsEachVariantServed() {
        String auc = charts(DemoReport.html(DemoResultsSamples.flights2001())).get("auc");
        assertThat(auc).contains("champion, retrained continuously (v1–v8)", "challenger, never retrained (v1)");
        assertThat(DemoFigures.versionsLabel(List.of(5, 1, 3, 4, 1))).isEqualTo("v1, v3–v5");
        assertThat(DemoFigures.compactVersions("v1, v2, v3, v5")).isEqualTo("v1–v3, v5");
        assertThat(DemoFigures.compactVersions("the first month's")).isEqualTo("the first month's");
    }

    @Test
    void abTableHasTheComparison() {
        String ab = figures(DemoReport.html(DemoResultsSamples.flights2001())).get("ab");
        assertThat(ab).contains("<th class=\"num\">n</th>", "880,000", "0.8101 [0.8093, 0.8109]", "3.2e-12", ">yes<", ">reference<");
    }

    @Test
    void allTextIsEscaped() {
        String evil = "<img src=x onerror=alert(1)> & 'q' \"d\"";
        DemoResults base = DemoResultsSamples.flights2001();
        DemoResults r = new DemoResults("<b>title</b>", evil, base.startedAt(), base.wallMillis(), List.of(new SummaryRow(evil, evil)),
                base.versions(), base.auc(),
                List.of(new DriftPoint(START, START + DAY, evil, "PSI", 0.1, 0.2, false),
                        new DriftPoint(START + DAY, START + 2 * DAY, evil, "PSI", 0.3, 0.2, true)),
                List.of(new AlertMark(START + 2 * DAY, evil, "PSI", "warning", "RAISED", 1)),
                List.of(new FreshnessPoint(START, Map.of(evil, 3.0)), new FreshnessPoint(START + DAY, Map.of(evil, 4.0))),
                base.latency(), base.ab());
        String html = DemoReport.html(r);

        assertThat(html).doesNotContain("<img", "<b>title").contains("&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39; &quot;d&quot;",
                "&lt;b&gt;title&lt;/b&gt;");
        assertThat(series(charts(html).get("drift-psi"))).containsExactly("&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39; &quot;d&quot;");
    }

    @Test
    void emptyResultsGiveANoDataNoteInEveryFigureAndNoCharts() {
        String html = DemoReport.html(DemoResultsSamples.empty());

        assertThat(figures(html).keySet()).containsExactly("quality", "drift", "freshness", "latency", "ab");
        assertThat(figures(html).values()).allSatisfy(f -> assertThat(f).contains("<p class=\"no-data\">no data: ", "<figcaption>"));
        assertThat(html).doesNotContain("<svg").contains("no data: no model version was registered");
    }

    @Test
    void nullListsReadAsEmpty() {
        String html = DemoReport.html(new DemoResults(null, null, 0, 0, null, null, null, null, null, null, null, null));

        assertThat(figures(html)).hasSize(5).allSatisfy((k, f) -> assertThat(f).contains("no data: "));
    }

    @Test
    void nanValuesLeaveGapsAndNeverReachTheMarkup() {
        DemoResults base = DemoResultsSamples.flights2001();
        List<AucPoint> auc = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            double v = day == 2 ? Double.NaN : 0.7;
            auc.add(new AucPoint(START + day * DAY, START + (day + 1) * DAY, "champion", 1, 100, v, v, v - 0.01, v + 0.01));
        }
        DemoResults r = new DemoResults("t", "s", 0, 0, List.of(), List.of(), auc, List.of(), List.of(), List.of(), List.of(), List.of());
        String chart = charts(DemoReport.html(r)).get("auc");

        assertThat(chart).contains("data-points=\"4\"").doesNotContain("NaN", "Infinity");
        Matcher path = Pattern.compile("data-series=\"champion\"[^>]*>(?:<title>[^<]*</title>)?<path d=\"([^\"]*)\"").matcher(chart);
        assertThat(path.find()).isTrue();
        assertThat(count(path.group(1), "M")).as("two line segments around the gap").isEqualTo(2);
        assertThat(DemoReport.html(base)).doesNotContain("NaN", "Infinity");
    }

    @Test
    void allNanDataIsNoDataRatherThanAnEmptyPlot() {
        AucPoint nan = new AucPoint(START, START + DAY, "champion", 1, 100, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        DemoResults r = new DemoResults("t", "s", 0, 0, List.of(), List.of(), List.of(nan), List.of(), List.of(), List.of(), List.of(), List.of());
        String quality = figures(DemoReport.html(r)).get("quality");

        assertThat(quality).doesNotContain("<svg").contains("no data: every AUC value is NaN", "no data: every accuracy value is NaN");
    }

    @Test
    void nothingIsLoadedFromOutside() {
        String html = DemoReport.html(DemoResultsSamples.flights2001());

        assertThat(html).doesNotContainIgnoringCase("http:").doesNotContainIgnoringCase("https:")
                .doesNotContainPattern("(?i)\\ssrc\\s*=").doesNotContainPattern("(?i)<link\\b").doesNotContainPattern("(?i)@import")
                .doesNotContainPattern("(?i)url\\(").doesNotContainPattern("(?i)\\shref\\s*=\\s*\"(?!#)").doesNotContain("//cdn");
        assertThat(html).contains("<style>", "<script>");
    }

    @Test
    void writeCreatesTheDirectoryAndTheFile(@TempDir Path dir) throws Exception {
        DemoResults r = DemoResultsSamples.flights2001();
        Path file = dir.resolve("runs/demo/report.html");
        DemoReport.write(r, file);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(DemoReport.html(r));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    static Map<String, String> charts(String html) { return sections(CHART, html); }

    static Map<String, String> figures(String html) { return sections(FIGURE, html); }

    static List<String> series(String chart) {
        List<String> keys = new ArrayList<>();
        Matcher m = SERIES.matcher(chart);
        while (m.find()) keys.add(m.group(1));
        return keys;
    }

    private static Map<String, String> sections(Pattern p, String html) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Matcher m = p.matcher(html);
        while (m.find()) assertThat(out.put(m.group(1), m.group(2))).as("duplicate " + m.group(1)).isNull();
        return out;
    }

    private static long count(String s, String needle) {
        long n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }
}
