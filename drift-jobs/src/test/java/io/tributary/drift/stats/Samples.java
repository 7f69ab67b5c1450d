package io.tributary.drift.stats;

import io.tributary.core.drift.Profile;
import io.tributary.core.drift.ReferenceProfile;
import io.tributary.core.drift.WindowProfile;
import io.tributary.core.drift.NumericSummary;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.apache.datasketches.kll.KllSketch;

/** Seeded samples and exact (naive) oracles on raw arrays, shared by the differential tests. */
final class Samples {
    private Samples() {
    }

    /**
     * Seeds the coin KLL's compactions flip (a package-private {@code static Random} of {@code KllSketch}), so that
     * the sketch-based statistics of a test are the same on every run. If a DataSketches version moves it, nothing
     * happens: the tolerances hold for unseeded runs too (they were measured on hundreds of them).
     *
     * @return whether the coin is seeded
     */
    static boolean seedKll(long seed) {
        try {
            Field coin = KllSketch.class.getDeclaredField("random");
            coin.setAccessible(true);
            ((Random) coin.get(null)).setSeed(seed);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Unseeded: still correct, only not reproducible bit for bit.
            return false;
        }
    }

    static double[] draw(int n, DoubleSupplier source) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = source.getAsDouble();
        }
        return x;
    }

    static double[] normal(long seed, int n, double mean, double sd) {
        Random r = new Random(seed);
        return draw(n, () -> mean + sd * r.nextGaussian());
    }

    static NumericSummary summary(Profile profile, String feature, double[] values) {
        for (double v : values) {
            profile.add(feature, v);
        }
        return profile.numeric(feature);
    }

    static NumericSummary reference(double[] values) {
        return summary(new ReferenceProfile(), "x", values);
    }

    static NumericSummary window(double[] values) {
        return summary(new WindowProfile(), "x", values);
    }

    /** The finite values, sorted. */
    static double[] finiteSorted(double[] values) {
        double[] s = Arrays.stream(values).filter(Double::isFinite).toArray();
        Arrays.sort(s);
        return s;
    }

    /** Exact inclusive quantile: the smallest value whose fraction of values {@code <=} it is {@code >= rank}. */
    static double exactQuantile(double[] sorted, double rank) {
        int index = (int) Math.ceil(rank * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Exact fraction of the sorted values {@code <= x}. */
    static double exactRank(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / sorted.length;
    }

    /** Exact population standard deviation (divisor n) of the finite values. */
    static double populationSd(double[] values) {
        double[] x = finiteSorted(values);
        double mean = Arrays.stream(x).sum() / x.length;
        double sumOfSquares = 0;
        for (double v : x) {
            sumOfSquares += (v - mean) * (v - mean);
        }
        return Math.sqrt(sumOfSquares / x.length);
    }

    /**
     * The oracle: the exact Wasserstein-1 distance between two samples' finite values, {@code integral |F_a - F_b| dx},
     * walking both sorted arrays (between consecutive values of either, both empirical CDFs are constant).
     */
    static double exactWasserstein1(double[] a, double[] b) {
        double[] x = finiteSorted(a);
        double[] y = finiteSorted(b);
        int i = 0;
        int j = 0;
        double previous = Math.min(x[0], y[0]);
        double area = 0;
        while (i < x.length || j < y.length) {
            double next = j == y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            area += Math.abs((double) i / x.length - (double) j / y.length) * (next - previous);
            previous = next;
            while (i < x.length && x[i] == next) {
                i++;
            }
            while (j < y.length && y[j] == next) {
                j++;
            }
        }
        return area;
    }

    /**
     * How far a sketch is from the data it summarizes: the Wasserstein-1 distance between the sketch's distribution
     * (its CDF) and the exact one of the finite values, {@code integral |F_sketch - F_exact| dx}, at every point where
     * either steps.
     */
    static double sketchWasserstein1ToData(NumericSummary sketch, double[] values) {
        double[] sorted = finiteSorted(values);
        java.util.TreeSet<Double> union = new java.util.TreeSet<>();
        for (double v : sorted) {
            union.add(v);
        }
        for (double v : sketch.retainedValues()) {
            union.add(v);
        }
        double[] points = union.stream().mapToDouble(Double::doubleValue).toArray();
        double[] cdf = sketch.cdf(points);
        double area = 0;
        for (int p = 0; p + 1 < points.length; p++) {
            area += Math.abs(cdf[p] - exactRank(sorted, points[p])) * (points[p + 1] - points[p]);
        }
        return area;
    }

    /**
     * The oracle: PSI from raw arrays, written independently of the library. Edges are the exact reference quantiles
     * at i/bins, deduplicated; bins (-inf, e1], (e1, e2], ..., (em, +inf) counted exactly; non-finite values form a
     * last bin if either side has any; shares floored at 1e-4.
     */
    static double exactPsi(double[] reference, double[] window, int bins) {
        double[] ref = finiteSorted(reference);
        double[] edges = new double[0];
        if (ref.length > 0) {
            double[] q = new double[bins - 1];
            for (int i = 1; i < bins; i++) {
                q[i - 1] = exactQuantile(ref, (double) i / bins);
            }
            edges = Arrays.stream(q).distinct().toArray();
        }
        boolean missingBin = hasNonFinite(reference) || hasNonFinite(window);
        double[] r = exactShares(reference, edges, missingBin);
        double[] w = exactShares(window, edges, missingBin);
        double psi = 0;
        for (int i = 0; i < r.length; i++) {
            double a = Math.max(r[i], 1e-4);
            double b = Math.max(w[i], 1e-4);
            psi += (b - a) * Math.log(b / a);
        }
        return psi;
    }

    private static boolean hasNonFinite(double[] values) {
        return Arrays.stream(values).anyMatch(v -> !Double.isFinite(v));
    }

    private static double[] exactShares(double[] values, double[] edges, boolean missingBin) {
        double[] counts = new double[edges.length + 1 + (missingBin ? 1 : 0)];
        for (double v : values) {
            if (!Double.isFinite(v)) {
                counts[counts.length - 1]++;
                continue;
            }
            int bin = 0;
            while (bin < edges.length && v > edges[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= values.length;
        }
        return counts;
    }
}
