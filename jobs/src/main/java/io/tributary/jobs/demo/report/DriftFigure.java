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
 * raised and cleared of every serving version (each marked with its version and variant), and the model versions
 * (each brings its own reference, so drift is relative to the version in service); then the error-stream detector's
 * panel ({@link ErrorStreamChart}).
 */
final class DriftFigure {
    static final String RAISED_COLOUR = "#e41a1c";
    static final String CLEARED_COLOUR = "#1a9850";
    // the never-retrained baseline's own alerts, apart from those of the champion's versions
    static final String BASELINE_RAISED_COLOUR = "#984ea3";
    static final String BASELINE_CLEARED_COLOUR = "#80cdc1";
    /** The feature name of the error-stream detector's rows on drift.metrics: not a feature, it gets its own panel. */
    static final String ERROR_STREAM = "__error__";
    private static final String DRIFTED_COLOUR = "#555";
    private static final List<String> TEST_ORDER = List.of("PSI", "KS", "WASSERSTEIN", "CHI2");
    // KS and CHI2 compare their p-value, which DemoResults does not carry, with the threshold (see DriftTest), so
    // their threshold is not a level on the statistic's axis
    private static final Set<String> P_VALUE_TESTS = Set.of("KS", "CHI2");

    private DriftFigure() {}

    static String html(DemoResults r) {
        String title = "Drift";
        List<DriftPoint> drift = Html.orEmpty(r.drift()).stream().filter(p -> !ERROR_STREAM.equals(p.feature())).toList();
        List<AlertMark> alerts = Html.orEmpty(r.alerts()).stream().filter(a -> !ERROR_STREAM.equals(a.feature())).toList();
        long drifted = drift.stream().filter(DriftPoint::drifted).count();
        String caption = "Each line is one feature's drift statistic per window against the reference of the never-retrained "
                + "baseline (the challenger), whose reference stays fixed; dots mark its windows that drifted (" + drifted + " of "
                + drift.size() + " window tests). Triangles are the alerts of every serving version at that version's own "
                + "statistic, red and green for the champion's versions, purple and teal for the baseline's; hovering names the "
                + "version and variant. Dashed lines mark new versions. " + Captions.alerts(alerts);
        String errorPanel = ErrorStreamChart.html(r);
        if (drift.isEmpty()) {
            String why = alerts.isEmpty() ? "drift.metrics held no statistics for this run"
                    : "drift.metrics held no statistics for this run, although drift.alerts held " + alerts.size() + " alert(s)";
            return DemoFigures.figure("drift", 2, title, DemoFigures.noData(why) + errorPanel, caption);
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
        return DemoFigures.figure("drift", 2, title, body.toString() + errorPanel, caption);
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
            boolean baseline = isBaseline(a);
            // the alert's own statistic (its version's reference); older results without it fall back to the line's
            double y = Double.isFinite(a.statistic()) ? a.statistic() : at == null ? Double.NaN : at.statistic();
            String colour = raised ? (baseline ? BASELINE_RAISED_COLOUR : RAISED_COLOUR) : (baseline ? BASELINE_CLEARED_COLOUR : CLEARED_COLOUR);
            chart.marker(raised ? "alert-raised" : "alert-cleared", raised ? SvgChart.Shape.TRIANGLE_UP : SvgChart.Shape.TRIANGLE_DOWN,
                    colour, at == null ? a.windowEnd() : middle(at), y,
                    a.state() + " (" + a.severity() + "): " + a.feature() + " " + a.test()
                            + (Double.isFinite(a.statistic()) ? " " + Html.compact(round(a.statistic())) : "") + ", window ending "
                            + Html.minute(a.windowEnd()) + ", model v" + a.version() + Captions.variants(a),
                    java.util.Map.of("version", String.valueOf(a.version()), "variant", a.variants() == null ? "" : a.variants()));
        }
        boolean anyBaseline = alerts.stream().anyMatch(DriftFigure::isBaseline);
        boolean anyChampion = alerts.stream().anyMatch(a -> !isBaseline(a));
        chart.legend(SvgChart.Shape.DOT, DRIFTED_COLOUR, "drifted window (baseline)");
        if (anyChampion) {
            chart.legend(SvgChart.Shape.TRIANGLE_UP, RAISED_COLOUR, "alert raised (champion's versions)")
                    .legend(SvgChart.Shape.TRIANGLE_DOWN, CLEARED_COLOUR, "alert cleared (champion's versions)");
        }
        if (anyBaseline) {
            chart.legend(SvgChart.Shape.TRIANGLE_UP, BASELINE_RAISED_COLOUR, "alert raised (baseline)")
                    .legend(SvgChart.Shape.TRIANGLE_DOWN, BASELINE_CLEARED_COLOUR, "alert cleared (baseline)");
        }
        return chart;
    }

    /** A version that served the challenger: the never-retrained baseline. */
    private static boolean isBaseline(AlertMark a) {
        return a.variants() != null && a.variants().contains("challenger");
    }

    private static double round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
    }

    private static double middle(DriftPoint p) { return (p.windowStart() + p.windowEnd()) / 2.0; }

    private static String windowKey(String feature, String test, long windowEnd) {
        return DemoFigures.name(feature) + '\u0000' + DemoFigures.name(test) + '\u0000' + windowEnd;
    }
}
