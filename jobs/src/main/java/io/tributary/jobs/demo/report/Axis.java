package io.tributary.jobs.demo.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis of a chart: maps values to pixels and carries its ticks. Linear and log axes widen the data range to round
 * tick values; a time axis (epoch ms, UTC) ticks at midnights, Mondays or round hours; a category axis puts category
 * {@code i} at value {@code i}.
 */
final class Axis {
    record Tick(double value, String label) {}

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long[] TIME_STEPS = {HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY,
            56 * DAY, 112 * DAY, 364 * DAY};
    // 1970-01-05, epoch day 4, was a Monday: weekly ticks fall on Mondays
    private static final long MONDAY_OFFSET = 4 * DAY;

    private final double min;
    private final double max;
    private final boolean log;
    private final double pixelMin;
    private final double pixelMax;
    private final List<Tick> ticks;

    private Axis(double min, double max, boolean log, double pixelMin, double pixelMax, List<Tick> ticks) {
        this.min = min;
        this.max = max;
        this.log = log;
        this.pixelMin = pixelMin;
        this.pixelMax = pixelMax;
        this.ticks = List.copyOf(ticks);
    }

    /** The pixel of {@code v}; NaN for NaN, and for values a log axis cannot show. */
    double pixel(double v) {
        if (Double.isNaN(v) || (log && v <= 0)) return Double.NaN;
        double from = log ? Math.log10(min) : min;
        double to = log ? Math.log10(max) : max;
        double at = log ? Math.log10(v) : v;
        return pixelMin + (at - from) / (to - from) * (pixelMax - pixelMin);
    }

    List<Tick> ticks() { return ticks; }

    boolean isLog() { return log; }

    /** Round ticks around [lo, hi]; the axis spans from the first to the last tick. */
    static Axis linear(double lo, double hi, double pixelMin, double pixelMax) {
        if (hi - lo <= 0) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / 5);
        double first = Math.floor(lo / step + 1e-9) * step;
        double last = Math.ceil(hi / step - 1e-9) * step;
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; first + i * step <= last + step * 1e-6; i++) {
            double v = first + i * step;
            ticks.add(new Tick(v, label(Math.abs(v) < step * 1e-6 ? 0 : v, decimals)));
        }
        return new Axis(first, last, false, pixelMin, pixelMax, ticks);
    }

    /** Decades around [lo, hi] (both {@code > 0}), ticked at 1, 2 and 5 of each decade while that stays readable. */
    static Axis log(double lo, double hi, double pixelMin, double pixelMax) {
        int fromExp = (int) Math.floor(Math.log10(lo) + 1e-9);
        int toExp = (int) Math.ceil(Math.log10(hi) - 1e-9);
        if (toExp <= fromExp) toExp = fromExp + 1;
        double[] mantissas = toExp - fromExp > 3 ? new double[]{1} : new double[]{1, 2, 5};
        List<Tick> ticks = new ArrayList<>();
        for (int e = fromExp; e <= toExp; e++) {
            for (double m : mantissas) {
                if (e == toExp && m > 1) break;
                double v = m * Math.pow(10, e);
                ticks.add(new Tick(v, label(v, Math.max(0, -e))));
            }
        }
        return new Axis(Math.pow(10, fromExp), Math.pow(10, toExp), true, pixelMin, pixelMax, ticks);
    }

    /** Epoch milliseconds, padded by 1% each side; at most one tick per {@code minTickPixels}. */
    static Axis time(double lo, double hi, double pixelMin, double pixelMax, double minTickPixels) {
        if (hi - lo <= 0) {
            lo -= DAY / 2.0;
            hi += DAY / 2.0;
        }
        double pad = (hi - lo) * 0.01;
        lo -= pad;
        hi += pad;
        int maxTicks = Math.max(2, (int) (Math.abs(pixelMax - pixelMin) / minTickPixels));
        long step = TIME_STEPS[TIME_STEPS.length - 1];
        for (long s : TIME_STEPS) {
            if ((hi - lo) / s <= maxTicks) {
                step = s;
                break;
            }
        }
        long offset = step % (7 * DAY) == 0 ? MONDAY_OFFSET : 0;
        long first = Math.floorDiv((long) Math.ceil(lo) - offset + step - 1, step) * step + offset;
        List<Tick> ticks = new ArrayList<>();
        for (long t = first; t <= hi; t += step) {
            ticks.add(new Tick(t, step >= DAY || Math.floorMod(t, DAY) == 0 ? Html.day(t) : Html.hour(t)));
        }
        return new Axis(lo, hi, false, pixelMin, pixelMax, ticks);
    }

    /** Category {@code i} at value {@code i}, half a slot of room at both ends. */
    static Axis categories(List<String> names, double pixelMin, double pixelMax) {
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) ticks.add(new Tick(i, names.get(i)));
        return new Axis(-0.5, Math.max(1, names.size()) - 0.5, false, pixelMin, pixelMax, ticks);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double normalized = rough / magnitude;
        double nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static String label(double v, int decimals) {
        if (Math.abs(v) >= 10_000) return String.format(Locale.ROOT, "%,.0f", v);
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }
}
