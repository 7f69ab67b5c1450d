package io.tributary.jobs.demo.report;

import io.tributary.jobs.demo.DemoResults;
import io.tributary.jobs.demo.DemoResults.AucPoint;
import io.tributary.jobs.demo.DemoResults.FreshnessPoint;
import io.tributary.jobs.demo.DemoResults.LatencyPoint;
import io.tributary.jobs.demo.DemoResults.ModelVersion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** The report's figures, each a {@code <figure>} with its chart(s) and caption, or a "no data" note instead. */
final class DemoFigures {
    /** Tableau 10: distinct on a light background. */
    static final List<String> PALETTE = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf");
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private DemoFigures() {}

    static String figure(String key, int number, String title, String body, String caption) {
        return "<figure id=\"fig-" + Html.escape(key) + "\" data-figure=\"" + Html.escape(key) + "\">\n" + body
                + "<figcaption><strong>Figure " + number + ". " + Html.escape(title) + ".</strong> " + Html.escape(caption)
                + "</figcaption>\n</figure>\n";
    }

    static String noData(String why) {
        return "<p class=\"no-data\">no data: " + Html.escape(why) + "</p>\n";
    }

    /** Figure 1: AUC, and accuracy with its 95% CI, per window and variant; model versions as vertical rules. */
    static String quality(DemoResults r) {
        List<AucPoint> auc = Html.orEmpty(r.auc());
        String title = "AUC " + per(typicalWindow(auc.stream().map(p -> p.windowEnd() - p.windowStart()).toList()));
        String caption = "Each point is one window's AUC (top) and accuracy with its 95% confidence band (bottom) of the "
                + "predictions each variant served; dashed lines mark when a model version was registered. " + capitalized(Captions.quality(auc));
        if (auc.isEmpty()) return figure("quality", 1, title, noData("ab.results held no per-window results for this run"), caption);

        Map<String, List<AucPoint>> byVariant = byVariant(auc);
        SvgChart aucChart = SvgChart.overTime("auc", title, "AUC");
        SvgChart accuracyChart = SvgChart.overTime("accuracy", "Accuracy with 95% CI", "accuracy");
        int i = 0;
        for (Map.Entry<String, List<AucPoint>> e : byVariant.entrySet()) {
            List<AucPoint> points = e.getValue();
            String colour = variantColour(e.getKey(), i++);
            String label = variantLabel(e.getKey(), versionsLabel(points.stream().map(AucPoint::version).toList()));
            double[] x = values(points, p -> (p.windowStart() + p.windowEnd()) / 2.0);
            aucChart.line(e.getKey(), label, colour, x, values(points, AucPoint::auc));
            accuracyChart.band(colour, x, values(points, AucPoint::accuracyCiLow), values(points, AucPoint::accuracyCiHigh))
                    .line(e.getKey(), label, colour, x, values(points, AucPoint::accuracy));
        }
        for (ModelVersion v : Html.orEmpty(r.versions())) {
            aucChart.verticalRule(v.registeredTime(), "v" + v.version());
            accuracyChart.verticalRule(v.registeredTime(), "v" + v.version());
        }
        String body = (aucChart.hasData() ? aucChart.svg() : noData("every AUC value is NaN (windows with a single class)"))
                + (accuracyChart.hasData() ? accuracyChart.svg() : noData("every accuracy value is NaN"));
        return figure("quality", 1, title, body, caption);
    }

    /** Figure 3: how far each feature view's newest online window trails the replay. */
    static String freshness(DemoResults r) {
        String title = "Feature freshness";
        String definition = "Minutes of event time by which each feature view's newest window in the online store trails the "
                + "newest flight sent: a flat line means the view keeps up, a climbing one means it falls behind.";
        List<FreshnessPoint> samples = new ArrayList<>(Html.orEmpty(r.freshness()));
        samples.sort(Comparator.comparingLong(FreshnessPoint::replayTime));
        TreeSet<String> views = new TreeSet<>();
        for (FreshnessPoint p : samples) {
            if (p.lagMinutesByView() != null) p.lagMinutesByView().keySet().forEach(v -> { if (v != null) views.add(v); });
        }
        if (views.isEmpty()) return figure("freshness", 3, title, noData("no freshness samples were taken during the run"), definition);
        String caption = definition + " " + Captions.freshness(samples, List.copyOf(views));

        SvgChart chart = SvgChart.overTime("freshness", "Lag of the online features behind the replay", "lag (minutes)").yFromZero();
        double[] x = values(samples, FreshnessPoint::replayTime);
        int i = 0;
        for (String view : views) {
            chart.line(view, view, PALETTE.get(i++ % PALETTE.size()), x, values(samples, p -> {
                Double lag = p.lagMinutesByView() == null ? null : p.lagMinutesByView().get(view);
                return lag == null ? Double.NaN : lag;
            }));
        }
        return figure("freshness", 3, title, chart.hasData() ? chart.svg() : noData("every sampled lag is NaN"), caption);
    }

    /** Figure 4: serving latency percentiles per event-time bucket, on a log axis when all are positive. */
    static String latency(DemoResults r) {
        String title = "Scoring latency";
        // the same definition as the summary's row: one meaning of "latency" in the whole report
        String definition = "Percentiles per event-time day of the " + DemoResults.LATENCY + ".";
        List<LatencyPoint> buckets = new ArrayList<>(Html.orEmpty(r.latency()));
        if (buckets.isEmpty()) return figure("latency", 4, title, noData("no predictions with latency were read"), definition);
        String caption = definition + " " + Captions.latency(buckets);
        buckets.sort(Comparator.comparingLong(LatencyPoint::bucketStart));
        double[] x = values(buckets, b -> (b.bucketStart() + b.bucketEnd()) / 2.0);
        SvgChart chart = SvgChart.overTime("latency", "Latency percentiles " + per(typicalWindow(
                        buckets.stream().map(b -> b.bucketEnd() - b.bucketStart()).toList())), "latency in ms").logY()
                .line("p50", "p50", PALETTE.get(0), x, values(buckets, LatencyPoint::p50Ms))
                .line("p95", "p95", PALETTE.get(1), x, values(buckets, LatencyPoint::p95Ms))
                .line("p99", "p99", PALETTE.get(3), x, values(buckets, LatencyPoint::p99Ms));
        return figure("latency", 4, title, chart.hasData() ? chart.svg() : noData("every latency percentile is NaN"), caption);
    }

    static String capitalized(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }

    /** The champion is blue and the challenger orange in every figure. */
    static String variantColour(String variant, int index) {
        if ("champion".equals(variant)) return PALETTE.get(0);
        if ("challenger".equals(variant)) return PALETTE.get(1);
        return PALETTE.get((2 + index) % PALETTE.size());
    }

    static String variantLabel(String variant, String versions) {
        String role = switch (variant) {
            case "champion" -> "champion, retrained continuously";
            case "challenger" -> "challenger, never retrained";
            default -> variant;
        };
        return versions == null || versions.isBlank() ? role : role + " (" + versions + ")";
    }

    /** "v1", "v2–v8", "v1, v3, v5–v7": the versions a variant served. */
    static String versionsLabel(List<Integer> versions) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(versions));
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) j++;
            if (s.length() > 0) s.append(", ");
            s.append('v').append(sorted.get(i));
            if (j > i) s.append("–v").append(sorted.get(j));
            i = j + 1;
        }
        return s.toString();
    }

    /** "v1, v2, v3, v5" as "v1–v3, v5"; any other text as it is. */
    static String compactVersions(String versions) {
        if (versions == null || !versions.matches("v\\d{1,9}(, ?v\\d{1,9})*")) return versions;
        return versionsLabel(Arrays.stream(versions.split(", ?")).map(v -> Integer.valueOf(v.substring(1))).toList());
    }

    /** The median length of the windows, so an odd last window does not rename the chart. */
    static long typicalWindow(List<Long> lengths) {
        if (lengths.isEmpty()) return 0;
        List<Long> sorted = lengths.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** "per day", "per week", "per hour", "per 6 h window". */
    static String per(long windowMillis) {
        if (windowMillis == DAY) return "per day";
        if (windowMillis == 7 * DAY) return "per week";
        if (windowMillis == HOUR) return "per hour";
        if (windowMillis > 0 && windowMillis % HOUR == 0) return "per " + windowMillis / HOUR + " h window";
        if (windowMillis > 0 && windowMillis % 60_000 == 0) return "per " + windowMillis / 60_000 + " min window";
        return "per window";
    }

    /** Windows grouped by variant, champion first, challenger second, others in order of appearance; each by time. */
    private static Map<String, List<AucPoint>> byVariant(List<AucPoint> auc) {
        Map<String, List<AucPoint>> byVariant = new LinkedHashMap<>();
        byVariant.put("champion", new ArrayList<>());
        byVariant.put("challenger", new ArrayList<>());
        for (AucPoint p : auc) byVariant.computeIfAbsent(name(p.variant()), k -> new ArrayList<>()).add(p);
        byVariant.values().removeIf(List::isEmpty);
        byVariant.values().forEach(l -> l.sort(Comparator.comparingLong(AucPoint::windowStart)));
        return byVariant;
    }

    /** A missing name still gets a row and a line. */
    static String name(String s) { return s == null || s.isBlank() ? "(unnamed)" : s; }

    static <T> double[] values(List<T> items, ToDoubleFunction<T> value) {
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) out[i] = value.applyAsDouble(items.get(i));
        return out;
    }
}
