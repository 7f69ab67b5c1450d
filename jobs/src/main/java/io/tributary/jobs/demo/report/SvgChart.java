package io.tributary.jobs.demo.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An inline SVG chart: lines (NaN values leave gaps), shaded bands, points with error bars, marker shapes, vertical
 * and horizontal rules, axes with ticks, a title and a legend. The x axis is event time (epoch ms, UTC) or categories.
 *
 * <p>The markup is what tests and the report's render check look for: {@code <svg class="chart" data-chart=ID>}, one
 * {@code <g class="series" data-series=KEY>} per line or point series, {@code <rect class="plot-area">},
 * {@code class="marker"} shapes with a {@code data-kind}, and {@code class="rule vertical|horizontal"}.
 */
final class SvgChart {
    enum Shape { TRIANGLE_UP, TRIANGLE_DOWN, DOT }

    static final int WIDTH = 960;
    private static final int LEFT = 70;
    private static final int RIGHT = 24;
    private static final int TOP = 38;
    private static final int PLOT_HEIGHT = 230;
    private static final int BELOW_PLOT = 44;
    private static final int LEGEND_ROW = 20;
    private static final double CHAR_WIDTH = 6.6;

    private record Line(String key, String label, String colour, double[] x, double[] y) {}
    private record Band(String colour, double[] x, double[] lo, double[] hi) {}
    private record Interval(String key, String label, String colour, double x, double y, double lo, double hi, String valueText) {}
    private record Marker(String kind, Shape shape, String colour, double x, double y, String tooltip, java.util.Map<String, String> data) {}
    private record Rule(double at, String label) {}
    private record LegendEntry(Shape shape, String colour, String label) {}

    private final String id;
    private final String title;
    private final String yLabel;
    private final List<String> categories;
    private boolean logY;
    private boolean yFromZero;
    private final List<Line> lines = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Interval> intervals = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private final List<Rule> verticalRules = new ArrayList<>();
    private final List<Rule> horizontalRules = new ArrayList<>();
    private final List<LegendEntry> extraLegend = new ArrayList<>();

    private SvgChart(String id, String title, String yLabel, List<String> categories) {
        this.id = id;
        this.title = title;
        this.yLabel = yLabel;
        this.categories = categories;
    }

    /** x is event time in epoch milliseconds. */
    static SvgChart overTime(String id, String title, String yLabel) { return new SvgChart(id, title, yLabel, null); }

    /** x is the index of a category, labelled by its name. */
    static SvgChart overCategories(String id, String title, String yLabel, List<String> categories) {
        return new SvgChart(id, title, yLabel, List.copyOf(categories));
    }

    /** A log y axis, if every value is positive (otherwise linear). */
    SvgChart logY() { logY = true; return this; }

    /** The y axis starts at zero (or below, for negative values). */
    SvgChart yFromZero() { yFromZero = true; return this; }

    SvgChart line(String key, String label, String colour, double[] x, double[] y) {
        lines.add(new Line(key, label, colour, x, y));
        return this;
    }

    /** A shaded range, e.g. a confidence interval; drawn under the lines. */
    SvgChart band(String colour, double[] x, double[] lo, double[] hi) {
        bands.add(new Band(colour, x, lo, hi));
        return this;
    }

    /** A point with an error bar from {@code lo} to {@code hi}, and {@code valueText} beside it. */
    SvgChart interval(String key, String label, String colour, double x, double y, double lo, double hi, String valueText) {
        intervals.add(new Interval(key, label, colour, x, y, lo, hi, valueText));
        return this;
    }

    /** A shape at (x, y) with a hover text; NaN y pins it to the top of the plot. */
    SvgChart marker(String kind, Shape shape, String colour, double x, double y, String tooltip) {
        return marker(kind, shape, colour, x, y, tooltip, java.util.Map.of());
    }

    /** As above, with {@code data-NAME="value"} attributes that say what the marker stands for (e.g. version, variant). */
    SvgChart marker(String kind, Shape shape, String colour, double x, double y, String tooltip, java.util.Map<String, String> data) {
        markers.add(new Marker(kind, shape, colour, x, y, tooltip, new java.util.TreeMap<>(data)));
        return this;
    }

    SvgChart verticalRule(double x, String label) { verticalRules.add(new Rule(x, label)); return this; }

    SvgChart horizontalRule(double y, String label) { horizontalRules.add(new Rule(y, label)); return this; }

    /** A legend entry for markers, which have none of their own. */
    SvgChart legend(Shape shape, String colour, String label) { extraLegend.add(new LegendEntry(shape, colour, label)); return this; }

    /** Whether there is anything to plot: a finite point of a line or an interval. */
    boolean hasData() {
        for (Line l : lines) {
            for (int i = 0; i < l.x.length; i++) if (Double.isFinite(l.x[i]) && Double.isFinite(l.y[i])) return true;
        }
        for (Interval iv : intervals) if (Double.isFinite(iv.y)) return true;
        return false;
    }

    String svg() {
        int plotRight = WIDTH - RIGHT;
        int plotBottom = TOP + PLOT_HEIGHT;
        Axis x = xAxis(LEFT, plotRight);
        Axis y = yAxis(plotBottom, TOP);
        List<LegendEntry> legend = legendEntries();
        int legendRows = legendRows(legend, plotRight);
        int height = plotBottom + BELOW_PLOT + legendRows * LEGEND_ROW + 6;

        StringBuilder s = new StringBuilder(8192);
        s.append(String.format(Locale.ROOT, "<svg class=\"chart\" data-chart=\"%s\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
                        + "role=\"img\" aria-label=\"%s\" font-family=\"system-ui, sans-serif\" font-size=\"12\">\n",
                Html.escape(id), WIDTH, height, Html.escape(title)));
        s.append(String.format(Locale.ROOT, "<text class=\"chart-title\" x=\"%d\" y=\"20\">%s</text>\n", LEFT, Html.escape(title)));
        s.append(String.format(Locale.ROOT, "<rect class=\"plot-area\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n",
                LEFT, TOP, plotRight - LEFT, PLOT_HEIGHT));
        yAxisMarkup(s, y, plotRight);
        xAxisMarkup(s, x, plotBottom);
        verticalRulesMarkup(s, x, plotBottom);
        horizontalRulesMarkup(s, y, plotRight);
        for (Band b : bands) bandMarkup(s, b, x, y);
        for (Line l : lines) lineMarkup(s, l, x, y);
        for (Interval iv : intervals) intervalMarkup(s, iv, x, y);
        for (Marker m : markers) markerMarkup(s, m, x, y);
        legendMarkup(s, legend, plotBottom + BELOW_PLOT, plotRight);
        return s.append("</svg>\n").toString();
    }

    private Axis xAxis(double from, double to) {
        if (categories != null) return Axis.categories(categories, from, to);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (int i = 0; i < l.x.length; i++) {
                if (Double.isFinite(l.x[i]) && Double.isFinite(l.y[i])) {
                    lo = Math.min(lo, l.x[i]);
                    hi = Math.max(hi, l.x[i]);
                }
            }
        }
        for (Marker m : markers) if (Double.isFinite(m.x)) { lo = Math.min(lo, m.x); hi = Math.max(hi, m.x); }
        for (Rule r : verticalRules) if (Double.isFinite(r.at)) { lo = Math.min(lo, r.at); hi = Math.max(hi, r.at); }
        if (lo > hi) lo = hi = 0;
        return Axis.time(lo, hi, from, to, 72);
    }

    private Axis yAxis(double from, double to) {
        List<Double> values = new ArrayList<>();
        for (Line l : lines) for (double v : l.y) values.add(v);
        for (Band b : bands) { for (double v : b.lo) values.add(v); for (double v : b.hi) values.add(v); }
        for (Interval iv : intervals) { values.add(iv.y); values.add(iv.lo); values.add(iv.hi); }
        for (Marker m : markers) values.add(m.y);
        for (Rule r : horizontalRules) values.add(r.at);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        if (lo > hi) lo = hi = 0;
        if (logY && lo > 0) return Axis.log(lo, hi, from, to);
        if (yFromZero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
        return Axis.linear(lo, hi, from, to);
    }

    private void yAxisMarkup(StringBuilder s, Axis y, int plotRight) {
        s.append("<g class=\"axis y\">\n");
        for (Axis.Tick t : y.ticks()) {
            double py = y.pixel(t.value());
            s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>\n",
                    LEFT, plotRight, py, py, LEFT - 6, py, Html.escape(t.label())));
        }
        String label = yLabel + (y.isLog() ? ", log scale" : "");
        s.append(String.format(Locale.ROOT, "<text class=\"axis-label\" transform=\"translate(16 %d) rotate(-90)\" "
                + "text-anchor=\"middle\">%s</text>\n</g>\n", TOP + PLOT_HEIGHT / 2, Html.escape(label)));
    }

    private void xAxisMarkup(StringBuilder s, Axis x, int plotBottom) {
        s.append("<g class=\"axis x\">\n");
        for (Axis.Tick t : x.ticks()) {
            double px = x.pixel(t.value());
            s.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                    px, px, plotBottom, plotBottom + 5, px, plotBottom + 19, Html.escape(t.label())));
        }
        if (categories == null) {
            s.append(String.format(Locale.ROOT, "<text class=\"axis-label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                    + "event time (UTC)</text>\n", (LEFT + WIDTH - RIGHT) / 2, plotBottom + 36));
        }
        s.append("</g>\n");
    }

    private void verticalRulesMarkup(StringBuilder s, Axis x, int plotBottom) {
        List<Rule> sorted = new ArrayList<>(verticalRules);
        sorted.sort((a, b) -> Double.compare(a.at, b.at));
        // labels closer than this stack in up to three rows instead of overprinting
        double minGap = 26;
        double[] lastInRow = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Rule r : sorted) {
            double px = x.pixel(r.at);
            if (!Double.isFinite(px)) continue;
            int row = 0;
            while (row < lastInRow.length - 1 && px - lastInRow[row] < minGap) row++;
            lastInRow[row] = px;
            s.append(String.format(Locale.ROOT, "<g class=\"rule vertical\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text></g>\n",
                    px, px, TOP, plotBottom, px, TOP + 11 + row * 12, Html.escape(r.label)));
        }
    }

    private void horizontalRulesMarkup(StringBuilder s, Axis y, int plotRight) {
        for (Rule r : horizontalRules) {
            double py = y.pixel(r.at);
            if (!Double.isFinite(py)) continue;
            s.append(String.format(Locale.ROOT, "<g class=\"rule horizontal\"><line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text></g>\n",
                    LEFT, plotRight, py, py, plotRight - 4, py - 4, Html.escape(r.label)));
        }
    }

    private static void bandMarkup(StringBuilder s, Band b, Axis x, Axis y) {
        StringBuilder d = new StringBuilder();
        int i = 0;
        while (i < b.x.length) {
            int start = i;
            while (i < b.x.length && finite(x.pixel(b.x[i]), y.pixel(b.lo[i]), y.pixel(b.hi[i]))) i++;
            if (i - start >= 2) {
                for (int k = start; k < i; k++) point(d, k == start ? 'M' : 'L', x.pixel(b.x[k]), y.pixel(b.hi[k]));
                for (int k = i - 1; k >= start; k--) point(d, 'L', x.pixel(b.x[k]), y.pixel(b.lo[k]));
                d.append('Z');
            }
            i++;
        }
        if (d.length() > 0) {
            s.append(String.format(Locale.ROOT, "<path class=\"band\" d=\"%s\" fill=\"%s\" fill-opacity=\"0.15\" stroke=\"none\"/>\n",
                    d, b.colour));
        }
    }

    private static void lineMarkup(StringBuilder s, Line l, Axis x, Axis y) {
        StringBuilder d = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        int points = 0;
        int i = 0;
        while (i < l.x.length) {
            int start = i;
            while (i < l.x.length && Double.isFinite(x.pixel(l.x[i])) && Double.isFinite(y.pixel(l.y[i]))) i++;
            points += i - start;
            if (i - start == 1) {
                // a point between gaps has no line to show it
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                        x.pixel(l.x[start]), y.pixel(l.y[start]), l.colour));
            } else {
                for (int k = start; k < i; k++) point(d, k == start ? 'M' : 'L', x.pixel(l.x[k]), y.pixel(l.y[k]));
            }
            i++;
        }
        s.append(String.format(Locale.ROOT, "<g class=\"series\" data-series=\"%s\" data-points=\"%d\"><title>%s</title>",
                Html.escape(l.key), points, Html.escape(l.label)));
        if (d.length() > 0) {
            s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "stroke-linejoin=\"round\" stroke-linecap=\"round\"/>", d, l.colour));
        }
        s.append(dots).append("</g>\n");
    }

    private static void intervalMarkup(StringBuilder s, Interval iv, Axis x, Axis y) {
        double px = x.pixel(iv.x);
        double py = y.pixel(iv.y);
        s.append(String.format(Locale.ROOT, "<g class=\"series\" data-series=\"%s\" data-points=\"%d\"><title>%s</title>",
                Html.escape(iv.key), Double.isFinite(py) ? 1 : 0, Html.escape(iv.label)));
        if (Double.isFinite(py)) {
            double lo = y.pixel(iv.lo);
            double hi = y.pixel(iv.hi);
            if (Double.isFinite(lo) && Double.isFinite(hi)) {
                s.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fh16M%.1f %.1fh16\" stroke=\"%s\" "
                        + "stroke-width=\"2\" fill=\"none\"/>", px, lo, hi, px - 8, lo, px - 8, hi, iv.colour));
            }
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>", px, py, iv.colour));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\">%s</text>",
                    px + 14, py, Html.escape(iv.valueText)));
        }
        s.append("</g>\n");
    }

    private static void markerMarkup(StringBuilder s, Marker m, Axis x, Axis y) {
        double px = x.pixel(m.x);
        double py = Double.isNaN(m.y) ? TOP + 8 : y.pixel(m.y);
        if (!Double.isFinite(px) || !Double.isFinite(py)) return;
        StringBuilder data = new StringBuilder();
        m.data.forEach((k, v) -> data.append(" data-").append(Html.escape(k)).append("=\"").append(Html.escape(v)).append('"'));
        s.append(String.format(Locale.ROOT, "<g class=\"marker\" data-kind=\"%s\"%s><title>%s</title>%s</g>\n",
                Html.escape(m.kind), data, Html.escape(m.tooltip), shape(m.shape, m.colour, px, py)));
    }

    private static String shape(Shape shape, String colour, double px, double py) {
        return switch (shape) {
            case TRIANGLE_UP -> String.format(Locale.ROOT, "<path d=\"M%.1f %.1fl6 10h-12z\" fill=\"%s\" stroke=\"#222\" "
                    + "stroke-width=\"0.8\"/>", px, py - 6, colour);
            case TRIANGLE_DOWN -> String.format(Locale.ROOT, "<path d=\"M%.1f %.1fl6 -10h-12z\" fill=\"%s\" stroke=\"#222\" "
                    + "stroke-width=\"0.8\"/>", px, py + 6, colour);
            case DOT -> String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" stroke=\"#fff\" "
                    + "stroke-width=\"0.8\"/>", px, py, colour);
        };
    }

    private List<LegendEntry> legendEntries() {
        List<LegendEntry> entries = new ArrayList<>();
        for (Line l : lines) entries.add(new LegendEntry(null, l.colour, l.label));
        for (Interval iv : intervals) entries.add(new LegendEntry(Shape.DOT, iv.colour, iv.label));
        entries.addAll(extraLegend);
        return entries;
    }

    private static double legendWidth(LegendEntry e) { return 28 + e.label.length() * CHAR_WIDTH + 18; }

    private static int legendRows(List<LegendEntry> entries, int plotRight) {
        if (entries.isEmpty()) return 0;
        int rows = 1;
        double at = LEFT;
        for (LegendEntry e : entries) {
            if (at > LEFT && at + legendWidth(e) > plotRight) { rows++; at = LEFT; }
            at += legendWidth(e);
        }
        return rows;
    }

    private static void legendMarkup(StringBuilder s, List<LegendEntry> entries, int top, int plotRight) {
        if (entries.isEmpty()) return;
        s.append("<g class=\"legend\">\n");
        double at = LEFT;
        int row = 0;
        for (LegendEntry e : entries) {
            if (at > LEFT && at + legendWidth(e) > plotRight) { row++; at = LEFT; }
            double cy = top + row * LEGEND_ROW + 6;
            String swatch = e.shape == null
                    ? String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>",
                    at, at + 22, cy, cy, e.colour)
                    : shape(e.shape, e.colour, at + 11, cy);
            s.append(String.format(Locale.ROOT, "<g class=\"legend-item\">%s<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\">%s</text></g>\n",
                    swatch, at + 28, cy, Html.escape(e.label)));
            at += legendWidth(e);
        }
        s.append("</g>\n");
    }

    private static boolean finite(double... values) {
        for (double v : values) if (!Double.isFinite(v)) return false;
        return true;
    }

    private static void point(StringBuilder d, char command, double px, double py) {
        d.append(command).append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
    }
}
