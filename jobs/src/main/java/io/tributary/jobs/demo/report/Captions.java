package io.tributary.jobs.demo.report;

import io.tributary.jobs.demo.DemoResults.AbTest;
import io.tributary.jobs.demo.DemoResults.AbVariant;
import io.tributary.jobs.demo.DemoResults.AlertMark;
import io.tributary.jobs.demo.DemoResults.AucPoint;
import io.tributary.jobs.demo.DemoResults.FreshnessPoint;
import io.tributary.jobs.demo.DemoResults.LatencyPoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** What each figure shows, stated from its data: counts, means and ranges, never what one hopes to see. */
final class Captions {
    private static final long DAY = 86_400_000L;

    private Captions() {}

    /** "On 21 of 35 days the champion's AUC is above the baseline's, mean difference +0.0030; ...". */
    static String quality(List<AucPoint> auc) {
        Map<Long, Double[]> aucByWindow = pairs(auc, AucPoint::auc);
        Map<Long, Double[]> accuracyByWindow = pairs(auc, AucPoint::accuracy);
        String unit = DemoFigures.typicalWindow(auc.stream().map(p -> p.windowEnd() - p.windowStart()).toList()) == DAY ? "days" : "windows";
        if (aucByWindow.isEmpty()) return "No " + unit.substring(0, unit.length() - 1) + " has both the champion's and the challenger's AUC.";
        return comparison("AUC", aucByWindow, unit) + "; " + comparison("accuracy", accuracyByWindow, unit) + ".";
    }

    private static String comparison(String measure, Map<Long, Double[]> byWindow, String unit) {
        if (byWindow.isEmpty()) return "no " + unit + " with both variants' " + measure;
        long above = byWindow.values().stream().filter(v -> v[0] > v[1]).count();
        long below = byWindow.values().stream().filter(v -> v[0] < v[1]).count();
        double meanDiff = byWindow.values().stream().mapToDouble(v -> v[0] - v[1]).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "the champion's %s is above the never-retrained challenger's on %d of %d %s (below on %d), "
                + "mean difference %+.4f", measure, above, byWindow.size(), unit, below, meanDiff);
    }

    /** Per window start: {champion, challenger} values, only windows where both are finite. */
    private static Map<Long, Double[]> pairs(List<AucPoint> points, ToDoubleFunction<AucPoint> value) {
        Map<Long, Double[]> out = new TreeMap<>();
        for (AucPoint p : points) {
            int slot = "champion".equals(p.variant()) ? 0 : "challenger".equals(p.variant()) ? 1 : -1;
            double v = value.applyAsDouble(p);
            if (slot < 0 || !Double.isFinite(v)) continue;
            out.computeIfAbsent(p.windowStart(), k -> new Double[2])[slot] = v;
        }
        out.values().removeIf(v -> v[0] == null || v[1] == null);
        return out;
    }

    /** Per view: median and range of the sampled lag; negative samples counted and said what they mean. */
    static String freshness(List<FreshnessPoint> samples, List<String> views) {
        List<String> parts = new ArrayList<>();
        long negative = 0;
        for (String view : views) {
            List<Double> lags = samples.stream().map(p -> p.lagMinutesByView() == null ? null : p.lagMinutesByView().get(view))
                    .filter(v -> v != null && Double.isFinite(v)).sorted().toList();
            if (lags.isEmpty()) continue;
            negative += lags.stream().filter(v -> v < 0).count();
            parts.add(String.format(Locale.ROOT, "%s median %.0f min (%.0f to %.0f, %d samples)", view, median(lags),
                    lags.get(0), lags.get(lags.size() - 1), lags.size()));
        }
        String text = "Sampled lag: " + String.join("; ", parts) + ".";
        if (negative > 0) {
            text += " " + negative + " sample(s) are below zero: the view's newest window in the online store ended after the "
                    + "newest flight sent at that moment.";
        }
        return text;
    }

    /** The day with the highest p99 and the median of the daily p50s. */
    static String latency(List<LatencyPoint> buckets) {
        List<LatencyPoint> finite = buckets.stream().filter(b -> Double.isFinite(b.p50Ms()) && Double.isFinite(b.p99Ms())).toList();
        if (finite.isEmpty()) return "";
        List<Double> p50s = finite.stream().map(LatencyPoint::p50Ms).sorted().toList();
        LatencyPoint worst = finite.stream().max(Comparator.comparingDouble(LatencyPoint::p99Ms)).orElseThrow();
        return String.format(Locale.ROOT, "Median of the daily p50s %.1f ms; the highest p99, %.1f ms, on %s.", median(p50s),
                worst.p99Ms(), Html.minute(worst.bucketStart()).substring(0, 10));
    }

    /** Each variant's tests against the champion, each with its own verdict. */
    static String ab(List<AbVariant> variants) {
        List<String> parts = new ArrayList<>();
        for (AbVariant v : variants) {
            List<AbTest> tests = Html.orEmpty(v.tests());
            if (tests.isEmpty()) continue;
            parts.add(DemoFigures.name(v.variant()) + " against the champion: "
                    + tests.stream().map(AbTest::describe).collect(Collectors.joining("; ")));
        }
        return parts.isEmpty() ? "No variant was tested against the champion." : String.join(". ", parts) + ".";
    }

    /** "105 alerts raised and 90 cleared: v1 (challenger) 60, v3 (champion) 45; ...". */
    static String alerts(List<AlertMark> alerts) {
        if (alerts.isEmpty()) return "No drift alert was raised on the features.";
        long raised = alerts.stream().filter(a -> "RAISED".equalsIgnoreCase(a.state())).count();
        long cleared = alerts.stream().filter(a -> "CLEARED".equalsIgnoreCase(a.state())).count();
        Map<Integer, List<AlertMark>> byVersion = new TreeMap<>(alerts.stream().filter(a -> "RAISED".equalsIgnoreCase(a.state()))
                .collect(Collectors.groupingBy(AlertMark::version)));
        String perVersion = byVersion.entrySet().stream().map(e -> "v" + e.getKey() + variants(e.getValue().get(0)) + " " + e.getValue().size())
                .collect(Collectors.joining(", "));
        return raised + " alert(s) raised and " + cleared + " cleared on the features, of every serving version"
                + (perVersion.isEmpty() ? "" : " (raised: " + perVersion + ")") + ".";
    }

    /** The median of sorted values. */
    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String variants(AlertMark a) {
        return a.variants() == null || a.variants().isBlank() ? "" : " (" + a.variants() + ")";
    }
}
