package io.tributary.jobs.demo.report;

import io.tributary.jobs.demo.DemoResults;
import io.tributary.jobs.demo.DemoResults.AlertMark;
import io.tributary.jobs.demo.DemoResults.DriftPoint;
import io.tributary.jobs.demo.DemoResults.ModelVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Figure 2: one chart per drift test, one line per feature, with the threshold, the drifted windows, the alerts
 * raised and cleared, and the model versions (each brings its own reference, so drift is relative to the version in
 * service).
 */
final class DriftFigure {
    static final String RAISED_COLOUR = "#e41a1c";
    static final String CLEARED_COLOUR = "#1a9850";
    private static final String DRIFTED_COLOUR = "#555";
    private static final List<String> TEST_ORDER = List.of("PSI", "KS", "WASSERSTEIN", "CHI2");
    // KS and CHI2 compare their p-value, which DemoResults does not carry, with the threshold (see DriftTest), so
    // their threshold is not a level on the statistic's axis
    private static final Set<String> P_VALUE_TESTS = Set.of("KS", "CHI2");

    private DriftFigure() {}

    static String html(DemoResults r) {
        String title = "Drift statistics per feature";
        String caption = "Each line is one feature's drift statistic per window against the reference of the model version "
                + "in service; dots mark windows that drifted, red triangles alerts raised and green ones alerts cleared: "
                + "look for alerts clearing after a new version (dashed line) brings a fresh reference.";
        List<DriftPoint> drift = Html.orEmpty(r.drift());
        List<AlertMark> alerts = Html.orEmpty(r.alerts());
        if (drift.isEmpty()) {
            String why = alerts.isEmpty() ? "drift.metrics held no statistics for this run"
                    : "drift.metrics held no statistics for this run, although drift.alerts held " + alerts.size() + " alert(s)";
            return DemoFigures.figure("drift", 2, title, DemoFigures.noData(why), caption);
        }

        Map<String, String> featureColours = new LinkedHashMap<>();
        Map<String, List<DriftPoint>> byTest = new HashMap<>();
        Map<String, DriftPoint> byWindow = new HashMap<>();
        for (DriftPoint p : drift) {
            featureColours.computeIfAbsent(DemoFigures.name(p.feature()),
                    f -> DemoFigures.PALETTE.get(featureColours.size() % DemoFigures.PALETTE.size()));
            byTest.computeIfAbsent(DemoFigures.name(p.test()), t -> new ArrayList<>()).add(p);
            byWindow.put(windowKey(p.feature(), p.test(), p.windowEnd()), p);
        }
        List<String> tests = new ArrayList<>(byTest.keySet());
        tests.sort(Comparator.comparingInt((String t) -> {
            int i = TEST_ORDER.indexOf(t.toUpperCase(Locale.ROOT));
            return i < 0 ? TEST_ORDER.size() : i;
        }).thenComparing(t -> t));

        StringBuilder body = new StringBuilder();
        for (String test : tests) {
            List<AlertMark> testAlerts = alerts.stream().filter(a -> DemoFigures.name(a.test()).equals(test)).toList();
            SvgChart chart = chart(test, byTest.get(test), featureColours, testAlerts, byWindow, Html.orEmpty(r.versions()));
            body.append(chart.hasData() ? chart.svg() : DemoFigures.noData("every " + test + " statistic is NaN"));
        }
        Set<String> orphanTests = new TreeSet<>();
        for (AlertMark a : alerts) if (!byTest.containsKey(DemoFigures.name(a.test()))) orphanTests.add(DemoFigures.name(a.test()));
        if (!orphanTests.isEmpty()) {
            long n = alerts.stream().filter(a -> orphanTests.contains(DemoFigures.name(a.test()))).count();
            body.append("<p class=\"note\">").append(n).append(" alert(s) are for tests without statistics in drift.metrics (")
                    .append(Html.escape(String.join(", ", orphanTests))).append(") and are not drawn.</p>\n");
        }
        return DemoFigures.figure("drift", 2, title, body.toString(), caption);
    }

    private static SvgChart chart(String test, List<DriftPoint> points, Map<String, String> featureColours, List<AlertMark> alerts,
                                  Map<String, DriftPoint> byWindow, List<ModelVersion> versions) {
        boolean pValueTest = P_VALUE_TESTS.contains(test.toUpperCase(Locale.ROOT));
        Set<Double> thresholds = new TreeSet<>();
        for (DriftPoint p : points) if (Double.isFinite(p.threshold())) thresholds.add(p.threshold());
        String rule = String.join(", ", thresholds.stream().map(Html::compact).toList());
        String title = test + " per feature"
                + (rule.isEmpty() ? "" : pValueTest ? " (a window drifts when its p-value < " + rule + ")" : " (drift above " + rule + ")");
        SvgChart chart = SvgChart.overTime("drift-" + test.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), title,
                test + " statistic");

        Map<String, List<DriftPoint>> byFeature = new LinkedHashMap<>();
        for (String f : featureColours.keySet()) byFeature.put(f, new ArrayList<>());
        for (DriftPoint p : points) byFeature.get(DemoFigures.name(p.feature())).add(p);
        byFeature.values().removeIf(List::isEmpty);
        for (Map.Entry<String, List<DriftPoint>> e : byFeature.entrySet()) {
            List<DriftPoint> series = e.getValue();
            series.sort(Comparator.comparingLong(DriftPoint::windowStart));
            String colour = featureColours.get(e.getKey());
            chart.line(e.getKey(), e.getKey(), colour, DemoFigures.values(series, DriftFigure::middle),
                    DemoFigures.values(series, DriftPoint::statistic));
            for (DriftPoint p : series) {
                if (p.drifted() && Double.isFinite(p.statistic())) {
                    chart.marker("drifted", SvgChart.Shape.DOT, colour, middle(p), p.statistic(),
                            e.getKey() + " drifted in the window ending " + Html.minute(p.windowEnd()));
                }
            }
        }
        if (!pValueTest) for (double t : thresholds) chart.horizontalRule(t, "threshold " + Html.compact(t));
        for (ModelVersion v : versions) chart.verticalRule(v.registeredTime(), "v" + v.version());
        for (AlertMark a : alerts) {
            DriftPoint at = byWindow.get(windowKey(a.feature(), a.test(), a.windowEnd()));
            boolean raised = "RAISED".equalsIgnoreCase(a.state());
            chart.marker(raised ? "alert-raised" : "alert-cleared", raised ? SvgChart.Shape.TRIANGLE_UP : SvgChart.Shape.TRIANGLE_DOWN,
                    raised ? RAISED_COLOUR : CLEARED_COLOUR, at == null ? a.windowEnd() : middle(at),
                    at == null ? Double.NaN : at.statistic(),
                    a.state() + " (" + a.severity() + "): " + a.feature() + " " + a.test() + ", window ending "
                            + Html.minute(a.windowEnd()) + ", model v" + a.version());
        }
        return chart.legend(SvgChart.Shape.DOT, DRIFTED_COLOUR, "drifted window")
                .legend(SvgChart.Shape.TRIANGLE_UP, RAISED_COLOUR, "alert raised")
                .legend(SvgChart.Shape.TRIANGLE_DOWN, CLEARED_COLOUR, "alert cleared");
    }

    private static double middle(DriftPoint p) { return (p.windowStart() + p.windowEnd()) / 2.0; }

    private static String windowKey(String feature, String test, long windowEnd) {
        return DemoFigures.name(feature) + '\u0000' + DemoFigures.name(test) + '\u0000' + windowEnd;
    }
}
