package io.tributary.drift.stats;

import io.tributary.core.drift.NumericSummary;

import java.util.Arrays;

/**
 * Two sketches' empirical CDFs of their finite values ({@code F(x)} = fraction of values {@code <= x}) at the union of
 * both sketches' retained values. Each CDF steps only at its own retained values, so both are constant from one
 * point of the union to the next: KS's maximum and Wasserstein's integral of their difference are exact for the
 * sketches when taken over these points alone.
 *
 * @param points the union, strictly increasing
 * @param reference the reference's CDF at each point
 * @param window the window's CDF at each point
 */
record SketchCdfs(double[] points, double[] reference, double[] window) {

    /** Both sides need finite values. */
    static SketchCdfs of(NumericSummary reference, NumericSummary window) {
        double[] points = union(reference.retainedValues(), window.retainedValues());
        return new SketchCdfs(points, reference.cdf(points), window.cdf(points));
    }

    /** {@code max |F_ref - F_win|}. */
    double maxDistance() {
        double d = 0;
        for (int i = 0; i < points.length; i++) {
            d = Math.max(d, Math.abs(reference[i] - window[i]));
        }
        return d;
    }

    /**
     * {@code integral |F_ref(x) - F_win(x)| dx}: below the first point both CDFs are 0, from the last on both are 1.
     * +Infinity only if the points span more than {@link Double#MAX_VALUE}.
     */
    double areaBetween() {
        double area = 0;
        for (int i = 0; i + 1 < points.length; i++) {
            double gap = Math.abs(reference[i] - window[i]);
            if (gap > 0) { // 0 * an overflowed width would be NaN
                area += gap * (points[i + 1] - points[i]);
            }
        }
        return area;
    }

    /**
     * Merges two ascending arrays into one strictly increasing array. Compared with {@code ==}, so -0.0 and 0.0 are
     * one point, as the sketches' CDFs need (they reject split points that are not strictly increasing by {@code <}).
     */
    private static double[] union(double[] a, double[] b) {
        double[] merged = new double[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            double next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || next > merged[n - 1]) {
                merged[n++] = next;
            }
        }
        return Arrays.copyOf(merged, n);
    }
}
