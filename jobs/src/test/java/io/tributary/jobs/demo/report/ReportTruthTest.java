package io.tributary.jobs.demo.report;

import io.tributary.jobs.demo.DemoResults;
import io.tributary.jobs.demo.DemoResults.AbTest;
import io.tributary.jobs.demo.DemoResults.AbVariant;
import io.tributary.jobs.demo.DemoResults.AlertMark;
import io.tributary.jobs.demo.DemoResults.AucPoint;
import io.tributary.jobs.demo.DemoResults.DriftPoint;
import io.tributary.jobs.demo.DemoResults.ErrorStreamPoint;
import io.tributary.jobs.demo.DemoResults.FreshnessPoint;
import io.tributary.jobs.demo.DemoResults.LatencyPoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tributary.jobs.demo.report.DemoResultsSamples.DAY;
import static io.tributary.jobs.demo.report.DemoResultsSamples.START;
import static org.assertj.core.api.Assertions.assertThat;

/** The report says what its data shows: each statement checked against fixed inputs. */
class ReportTruthTest {
    private static DemoResults with(List<AucPoint> auc, List<DriftPoint> drift, List<AlertMark> alerts, List<ErrorStreamPoint> errorStream,
                                    List<FreshnessPoint> freshness, List<LatencyPoint> latency, List<AbVariant> ab) {
        return new DemoResults("t", "s", 0, 0, List.of(), List.of(), auc, drift, alerts, errorStream, freshness, latency, ab);
    }

    private static DemoResults ab(List<AbVariant> ab) { return with(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), ab); }

    // the case of the issue: accuracy equal (p = 0.80), Brier loss different (p = 4e-5)
    private static final List<AbVariant> ACCURACY_EQUAL_BRIER_DIFFERENT = List.of(
            new AbVariant("champion", "v1-v10", 286_000, 0.8101, 0.8087, 0.8115, 0.7056, 0.1332, List.of()),
            new AbVariant("challenger", "v1", 287_000, 0.8099, 0.8085, 0.8113, 0.7024, 0.1355, List.of(
                    new AbTest("accuracy", "two-proportion z-test", "z", -0.25, -0.0002, 0.80, 0.05),
                    new AbTest("Brier loss", "Welch's t-test", "t", 4.11, 0.0023, 4.0e-5, 0.05))));

    @Test
    void theAbTableGivesEachTestItsOwnStatisticPValueAndVerdict() {
        String figure = DemoReportTest.figures(DemoReport.html(ab(ACCURACY_EQUAL_BRIER_DIFFERENT))).get("ab");
        String tests = figure.substring(figure.indexOf("<table class=\"ab-tests\">"));
        assertThat(tests).contains("<td>challenger</td><td>accuracy</td><td>two-proportion z-test</td><td class=\"num\">-0.0002</td>"
                + "<td class=\"num\">z = -0.25</td><td class=\"num\">0.8000</td><td>no</td>");
        assertThat(tests).contains("<td>challenger</td><td>Brier loss</td><td>Welch&#39;s t-test</td><td class=\"num\">+0.0023</td>"
                + "<td class=\"num\">t = 4.11</td><td class=\"num\">4.0e-05</td><td>yes</td>");
        assertThat(tests).contains("<td>champion</td><td></td><td></td><td class=\"num\"></td><td class=\"num\"></td><td class=\"num\"></td><td>reference</td>");
        assertThat(tests).contains("Significant at 0.05");
        // the variants' table carries no verdict that could be read as another test's
        String variants = figure.substring(figure.indexOf("<table class=\"ab\">"), figure.indexOf("<table class=\"ab-tests\">"));
        assertThat(variants).doesNotContain("p-value", "Significant", "yes");
        assertThat(figure).contains("challenger against the champion: accuracy -0.0002 (two-proportion z-test z = -0.25, p = 0.80: "
                + "not significant at 0.05); Brier loss +0.0023 (Welch&#39;s t-test t = 4.11, p = 4.0e-05: significant at 0.05).");
    }

    @Test
    void theSummaryAndTheReportDescribeATestInTheSameWords() {
        AbTest brier = ACCURACY_EQUAL_BRIER_DIFFERENT.get(1).tests().get(1);
        assertThat(brier.describe()).isEqualTo("Brier loss +0.0023 (Welch's t-test t = 4.11, p = 4.0e-05: significant at 0.05)");
        assertThat(new AbTest("accuracy", "two-proportion z-test", "z", Double.NaN, Double.NaN, Double.NaN, 0.05).verdict()).isEqualTo("not computed");
    }

    private static List<AucPoint> auc(double[] champion, double[] challenger) {
        List<AucPoint> out = new ArrayList<>();
        for (int d = 0; d < champion.length; d++) {
            long from = START + d * DAY;
            out.add(new AucPoint(from, from + DAY, "champion", 2, 1000, champion[d], 0.80, 0.79, 0.81));
            out.add(new AucPoint(from, from + DAY, "challenger", 1, 1000, challenger[d], 0.81, 0.80, 0.82));
        }
        return out;
    }

    @Test
    void theQualityCaptionCountsTheDaysFromTheData() {
        // champion above on days 0 and 2, below on day 1, day 3 has no challenger AUC (NaN): 2 of 3 days
        List<AucPoint> points = auc(new double[] {0.71, 0.69, 0.72, 0.70}, new double[] {0.70, 0.70, 0.70, Double.NaN});
        String caption = Captions.quality(points);
        assertThat(caption).startsWith("the champion's AUC is above the never-retrained challenger's on 2 of 3 days (below on 1), "
                + "mean difference +0.0067; the champion's accuracy is above the never-retrained challenger's on 0 of 4 days (below on 4), "
                + "mean difference -0.0100.");
        String figure = DemoReportTest.figures(DemoReport.html(with(points, List.of(), List.of(), List.of(), List.of(), List.of(), List.of())))
                .get("quality");
        assertThat(figure).contains("The champion&#39;s AUC is above").doesNotContain("look for");
    }

    @Test
    void whenTheBaselineIsBetterTheCaptionSaysSo() {
        String caption = Captions.quality(auc(new double[] {0.69, 0.69, 0.70}, new double[] {0.70, 0.70, 0.70}));
        assertThat(caption).contains("above the never-retrained challenger's on 0 of 3 days (below on 2), mean difference -0.0067");
    }

    @Test
    void alertsOfEveryServingVersionAreDrawnWithTheirVersionAndVariant() {
        List<DriftPoint> drift = List.of(new DriftPoint(START, START + DAY, "origin_mean_delay", "PSI", 0.1, 0.2, false),
                new DriftPoint(START + DAY, START + 2 * DAY, "origin_mean_delay", "PSI", 0.3, 0.2, true));
        List<AlertMark> alerts = List.of(
                new AlertMark(START + 2 * DAY, "origin_mean_delay", "PSI", "warning", "RAISED", 1, "champion, challenger", 0.3),
                new AlertMark(START + 2 * DAY, "origin_mean_delay", "PSI", "critical", "RAISED", 3, "champion", 0.45),
                new AlertMark(START + 2 * DAY, "origin_mean_delay", "PSI", "warning", "CLEARED", 4, "champion", 0.05));
        String html = DemoReport.html(with(List.of(), drift, alerts, List.of(), List.of(), List.of(), List.of()));
        String chart = DemoReportTest.charts(html).get("drift-psi");
        assertThat(chart).contains("data-kind=\"alert-raised\" data-variant=\"champion, challenger\" data-version=\"1\"",
                "data-kind=\"alert-raised\" data-variant=\"champion\" data-version=\"3\"",
                "data-kind=\"alert-cleared\" data-variant=\"champion\" data-version=\"4\"");
        assertThat(chart).contains("RAISED (critical): origin_mean_delay PSI 0.45, window ending 2001-01-03 00:00 UTC, model v3 (champion)");
        assertThat(chart).contains("alert raised (baseline)", "alert raised (champion&#39;s versions)");
        assertThat(DemoReportTest.figures(html).get("drift"))
                .contains("2 alert(s) raised and 1 cleared on the features, of every serving version (raised: v1 (champion, challenger) 1, v3 (champion) 1).");
    }

    @Test
    void theErrorStreamDetectorHasItsOwnPanelNotAFeatureChart() {
        List<DriftPoint> drift = List.of(new DriftPoint(START, START + DAY, "distance", "PSI", 0.1, 0.2, false),
                // an error-stream row that reached the per-feature list: it must not become a "DDM per feature" chart
                new DriftPoint(START, START + DAY, "__error__", "DDM", 0.21, Double.NaN, true));
        List<ErrorStreamPoint> signals = List.of(
                new ErrorStreamPoint(START, START + DAY, "DDM", 1, "champion, challenger", 0.19, 5000, 0.2055, 0.1952, 0.2003),
                new ErrorStreamPoint(START + DAY, START + 2 * DAY, "DDM", 2, "champion", 0.23, 4000, 0.2366, 0.2250, 0.2310));
        List<AlertMark> alerts = List.of(new AlertMark(START + DAY, "__error__", "DDM", "critical", "RAISED", 1, "champion, challenger", 0.19),
                new AlertMark(START + DAY, "distance", "PSI", "warning", "RAISED", 1, "champion, challenger", 0.25));
        String html = DemoReport.html(with(List.of(), drift, alerts, signals, List.of(), List.of(), List.of()));
        Map<String, String> charts = DemoReportTest.charts(html);
        // the error stream's alert is counted in its panel, not drawn on a feature chart
        assertThat(html).contains("Its signals raised 1 alert(s) on drift.alerts").contains("1 alert(s) raised and 0 cleared on the features");
        assertThat(charts.get("drift-psi")).contains("data-kind=\"alert-raised\"").doesNotContain("__error__");
        assertThat(charts.keySet()).containsExactly("drift-psi", "error-stream");
        String panel = charts.get("error-stream");
        assertThat(DemoReportTest.series(panel)).containsExactly("error-rate", "statistic", "warning-level", "drift-level");
        assertThat(panel).contains("Error-stream detector (DDM)").doesNotContain("per feature", "NaN");
        assertThat(panel).contains("statistic 0.2366 &gt; drift level 0.2310 (warning level 0.2250), model v2 (champion)");
        assertThat(DemoReportTest.figures(html).get("drift")).contains("signalled drift 2 time(s): v1 (champion, challenger) 1, v2 (champion) 1");
    }

    @Test
    void withoutRecordedLevelsThePanelSaysSoAndDrawsNoThreshold() {
        List<ErrorStreamPoint> signals = List.of(
                new ErrorStreamPoint(START, START + DAY, "DDM", 1, "champion", 0.19, 5000, Double.NaN, Double.NaN, Double.NaN),
                new ErrorStreamPoint(START + DAY, START + 2 * DAY, "DDM", 1, "champion", 0.2, 3000, Double.NaN, Double.NaN, Double.NaN));
        String html = DemoReport.html(with(List.of(), List.of(), List.of(), signals, List.of(), List.of(), List.of()));
        String panel = DemoReportTest.charts(html).get("error-stream");
        assertThat(DemoReportTest.series(panel)).containsExactly("error-rate");
        assertThat(panel).doesNotContain("NaN", "threshold");
        assertThat(html).contains("recorded no warning and drift levels");
    }

    @Test
    void freshnessCaptionStatesTheRangeAndCallsOutNegativeLag() {
        List<FreshnessPoint> samples = List.of(new FreshnessPoint(START, Map.of("origin_1h", 10.0)),
                new FreshnessPoint(START + DAY, Map.of("origin_1h", 20.0)), new FreshnessPoint(START + 2 * DAY, Map.of("origin_1h", 30.0)));
        assertThat(Captions.freshness(samples, List.of("origin_1h"))).isEqualTo("Sampled lag: origin_1h median 20 min (10 to 30, 3 samples).");
        List<FreshnessPoint> negative = List.of(new FreshnessPoint(START, Map.of("origin_1h", -5.0)),
                new FreshnessPoint(START + DAY, Map.of("origin_1h", 20.0)));
        assertThat(Captions.freshness(negative, List.of("origin_1h"))).contains("1 sample(s) are below zero");
    }

    @Test
    void latencyIsDefinedOnceTheSameInTheChartAndTheSummary() {
        List<LatencyPoint> buckets = List.of(new LatencyPoint(START, START + DAY, 10, 1.5, 3, 9),
                new LatencyPoint(START + DAY, START + 2 * DAY, 10, 2.5, 4, 25));
        String figure = DemoReportTest.figures(DemoReport.html(with(List.of(), List.of(), List.of(), List.of(), List.of(), buckets, List.of())))
                .get("latency");
        assertThat(figure).contains(Html.escape(DemoResults.LATENCY)).contains("Median of the daily p50s 2.0 ms; the highest p99, 25.0 ms, on 2001-01-02.")
                .doesNotContain("from event arrival to prediction");
    }
}
