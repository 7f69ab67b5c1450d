package io.tributary.drift.stats;

import io.tributary.core.drift.NumericSummary;
import io.tributary.core.drift.CategoricalSummary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample drift statistics, as pure functions of a reference and a window summary: PSI, Kolmogorov-Smirnov and
 * the normalized Wasserstein distance for numeric features (from their KLL sketches), chi-square for categorical
 * ones. Neither argument is modified.
 */
public final class DriftStatistics {
    /** PSI's floor on a bin's share, so that an empty bin contributes a large but finite term. */
    public static final double PSI_EPSILON = 1e-4;
    /** PSI's default number of bins: the reference's deciles. */
    public static final int DEFAULT_PSI_BINS = 10;
    /** Chi-square: a category whose expected count is below this in either row is pooled (Cochran's rule). */
    public static final double MIN_EXPECTED = 5.0;

    // Both are stateless once built (the random generator is only used by the Monte Carlo methods, not here).
    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();
    private static final ChiSquareTest CHI2 = new ChiSquareTest();
    // commons-math's own settings for approximateP.
    private static final double KS_SUM_TOLERANCE = 1e-20;
    private static final int KS_SUM_MAX_TERMS = 100_000;
    // Below this, 1 - K(t) = 1 to within 1e-12 (K(0.2) ~ 5e-13), and the alternating series converges too slowly.
    private static final double KS_T_NEGLIGIBLE = 0.2;

    private DriftStatistics() {
    }

    /**
     * A statistic, its p-value (NaN if it has none) and the number of values each side contributed.
     *
     * @param referenceN values of the reference the statistic used
     * @param windowN values of the window the statistic used
     */
    public record Result(double statistic, double pValue, long referenceN, long windowN) {
    }

    // ---------------------------------------------------------------------------------------------------------- PSI

    /**
     * The bin edges of PSI: the reference's quantiles at ranks {@code 1/bins, 2/bins, ..., (bins-1)/bins} (its
     * deciles for 10 bins), duplicates removed (a value that holds more than {@code 1/bins} of the reference is one
     * edge, so there may be fewer bins). Empty if the reference has no finite value.
     */
    public static double[] psiEdges(NumericSummary reference, int bins) {
        checkBins(bins);
        if (reference.present() == 0) {
            return new double[0];
        }
        double[] ranks = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            ranks[i - 1] = (double) i / bins;
        }
        double[] quantiles = reference.quantiles(ranks);
        // Distinct by value (>), not by Double.equals: -0.0 and 0.0 are one edge, which the sketch's CDF needs.
        int edges = 0;
        for (double q : quantiles) {
            if (edges == 0 || q > quantiles[edges - 1]) {
                quantiles[edges++] = q;
            }
        }
        return Arrays.copyOf(quantiles, edges);
    }

    /**
     * The Population Stability Index of the window against the reference:
     * {@code PSI = sum_i (w_i - r_i) * ln(w_i / r_i)} over bins i, where {@code r_i} and {@code w_i} are the shares
     * of the reference's and the window's values in bin i, each floored at {@link #PSI_EPSILON} (not renormalized).
     *
     * <p>Bins: the intervals {@code (-inf, e_1], (e_1, e_2], ..., (e_m, +inf)} between the {@link #psiEdges edges}
     * e_1 &lt; ... &lt; e_m; both shares are read from the sketches' CDFs at the same edges (so a reference with
     * ties is binned consistently). If either side has missing values (NaN, infinite, null), they form one more bin;
     * shares are then fractions of all values, missing included. 0 for identical distributions; by convention below
     * 0.1 is stable, 0.1 to 0.2 a moderate shift, above 0.2 a significant one.
     *
     * @param bins the number of quantile bins, {@code >= 2}
     * @return the PSI, no p-value (NaN); {@code referenceN}, {@code windowN} count all values, missing included
     * @throws IllegalArgumentException if either side has no value at all
     */
    public static Result psi(NumericSummary reference, NumericSummary window, int bins) {
        requireValues("reference", reference.count());
        requireValues("window", window.count());
        double[] edges = psiEdges(reference, bins);
        boolean missingBin = reference.missing() > 0 || window.missing() > 0;
        double[] r = binShares(reference, edges, missingBin);
        double[] w = binShares(window, edges, missingBin);
        return new Result(psi(r, w), Double.NaN, reference.count(), window.count());
    }

    /**
     * PSI from bin shares: {@code sum_i (w_i - r_i) * ln(w_i / r_i)} with each share floored at
     * {@link #PSI_EPSILON}.
     */
    public static double psi(double[] referenceShares, double[] windowShares) {
        if (referenceShares.length != windowShares.length) {
            throw new IllegalArgumentException("PSI needs as many reference shares as window shares, got "
                    + referenceShares.length + " and " + windowShares.length);
        }
        double psi = 0;
        for (int i = 0; i < referenceShares.length; i++) {
            double r = Math.max(referenceShares[i], PSI_EPSILON);
            double w = Math.max(windowShares[i], PSI_EPSILON);
            psi += (w - r) * Math.log(w / r);
        }
        return psi;
    }

    /** Shares of all values in each bin between the edges, then (if asked) of missing values. */
    private static double[] binShares(NumericSummary s, double[] edges, boolean missingBin) {
        double[] shares = new double[edges.length + 1 + (missingBin ? 1 : 0)];
        double total = s.count();
        if (s.present() > 0) {
            double presentShare = s.present() / total;
            double[] cdf = s.cdf(edges);
            double below = 0;
            for (int i = 0; i < cdf.length; i++) {
                // max(0, ...): a CDF is monotone, but do not trust floating-point differences to be.
                shares[i] = Math.max(0, cdf[i] - below) * presentShare;
                below = cdf[i];
            }
        }
        if (missingBin) {
            shares[shares.length - 1] = s.missing() / total;
        }
        return shares;
    }

    // ----------------------------------------------------------------------------------------------------------- KS

    /**
     * The two-sample Kolmogorov-Smirnov statistic between the sketches' empirical CDFs of the finite values:
     * {@code D = max_x |F_ref(x) - F_win(x)|} with {@code F(x)} the fraction of values {@code <= x}. Both are step
     * functions that step only at their sketch's retained values, so the maximum is attained at one of them:
     * evaluating both CDFs at the union of the two sketches' retained values gives D exactly (for the sketches).
     * Against the exact D of the raw data it is off by at most the sum of the two sketches' rank errors
     * ({@link NumericSummary#rankError()}).
     *
     * @throws IllegalArgumentException if either side has no finite value
     */
    public static double ksStatistic(NumericSummary reference, NumericSummary window) {
        requireValues("reference", reference.present());
        requireValues("window", window.present());
        return SketchCdfs.of(reference, window).maxDistance();
    }

    /**
     * The two-sample KS test of the window against the reference, from their sketches.
     *
     * <p>The statistic is {@link #ksStatistic D}. The p-value is the asymptotic (Kolmogorov distribution) one,
     * {@link #ksPValue(double, long, long) ksPValue}{@code (max(0, D - e_ref - e_win), n, m)}, with n and m the
     * numbers of finite values and {@code e} each sketch's a-priori rank error bound ({@link NumericSummary#rankError()},
     * 0 while a sketch is exact). Why the correction: with large samples the sketch error alone (up to about 0.013 per
     * sketch at k = 200) exceeds the critical D (1.63 / sqrt(n m / (n + m)) at p = 0.01, so 0.007 for two samples of
     * 100,000), and the uncorrected p-value would flag every window. Subtracting the bound makes the p-value
     * conservative: a small p means a difference larger than the sketches can explain.
     *
     * @return D, the corrected p-value, and the numbers of finite values of each side
     * @throws IllegalArgumentException if either side has no finite value
     */
    public static Result ks(NumericSummary reference, NumericSummary window) {
        double d = ksStatistic(reference, window);
        double slack = reference.rankError() + window.rankError();
        double p = ksPValue(Math.max(0, d - slack), reference.present(), window.present());
        return new Result(d, p, reference.present(), window.present());
    }

    /**
     * The asymptotic p-value of a two-sample KS statistic: {@code P(D > d) = 1 - K(d * sqrt(n m / (n + m)))}, K the
     * Kolmogorov distribution's CDF, computed by commons-math's {@link KolmogorovSmirnovTest#ksSum} with the settings
     * of its {@link KolmogorovSmirnovTest#approximateP approximateP} (which it equals, but for counts beyond
     * {@code int}). 1 for {@code d * sqrt(nm/(n+m)) < 0.2}, where it is 1 to within 1e-12.
     */
    public static double ksPValue(double d, long n, long m) {
        if (n <= 0 || m <= 0) {
            throw new IllegalArgumentException("KS needs two non-empty samples, got n=" + n + ", m=" + m);
        }
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException("a KS statistic is in [0, 1], got " + d);
        }
        double effectiveN = (double) n * m / ((double) n + m);
        double t = d * Math.sqrt(effectiveN);
        if (t < KS_T_NEGLIGIBLE) {
            return 1.0;
        }
        return Math.max(0.0, 1 - KS.ksSum(t, KS_SUM_TOLERANCE, KS_SUM_MAX_TERMS));
    }

    // -------------------------------------------------------------------------------------------------- Wasserstein

    /**
     * The Wasserstein-1 (earth mover's) distance between the sketches' distributions of finite values, in the
     * values' units: {@code W1 = integral |F_ref(x) - F_win(x)| dx}, which equals
     * {@code integral_0^1 |Q_ref(q) - Q_win(q)| dq}.
     *
     * <p>Integrated over the union of the two sketches' retained values rather than over a grid of ranks q: both
     * sketch CDFs step only at those values, so between consecutive ones {@code |F_ref - F_win|} is constant and the
     * integral is a finite sum over a few hundred points at k = 200, exact for the sketches (as {@link #ksStatistic}
     * is), where a rank grid would approximate that same integral with an error that depends on its spacing and on
     * the tails. Against the W1 of the raw data it is off by at most each sketch's own W1 distance from its data (the
     * triangle inequality), which the rank error bounds by {@code e * (max - min)}. +Infinity only if the values span
     * more than {@link Double#MAX_VALUE}.
     *
     * @throws IllegalArgumentException if either side has no finite value
     */
    public static double wasserstein1(NumericSummary reference, NumericSummary window) {
        requireValues("reference", reference.present());
        requireValues("window", window.present());
        return SketchCdfs.of(reference, window).areaBetween();
    }

    /**
     * The normalized Wasserstein distance, Evidently's default drift test for numeric features of large samples:
     * {@code W1(reference, window) / sd_ref} ({@link #wasserstein1}), with {@code sd_ref} the population standard
     * deviation of the reference's finite values as its sketch holds them ({@link NumericSummary#standardDeviation()}).
     * In units of the reference's standard deviation: 0 for identical distributions, d for a shift by d sd, whatever
     * the feature's units.
     *
     * <p>A constant reference (sd 0): 0 if the window holds that same value only, else +Infinity, explicitly rather
     * than NaN or a division by zero: any move away from a feature that never varied in training is drift. Evidently
     * floors the sd at 0.001 instead, a number in the feature's units, which makes the outcome depend on them (a
     * feature measured in millionths would never drift).
     *
     * @return the normalized distance, no p-value (NaN), and the numbers of finite values of each side
     * @throws IllegalArgumentException if either side has no finite value
     */
    public static Result wasserstein(NumericSummary reference, NumericSummary window) {
        double w1 = wasserstein1(reference, window);
        double sd = reference.standardDeviation();
        double normalized = sd > 0 ? w1 / sd : w1 == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        return new Result(normalized, Double.NaN, reference.present(), window.present());
    }

    // ---------------------------------------------------------------------------------------------------------- chi2

    /**
     * The 2 x K contingency table of the chi-square test: row 0 the reference's counts, row 1 the window's, one
     * column per category, in this order: the named categories by name, then {@value CategoricalSummary#OTHER}, then
     * {@value CategoricalSummary#MISSING}.
     *
     * <p>Columns: a category named on both sides is its own column. A category named on one side only is its own
     * column (count 0 on the other side) if the other side folded nothing into {@code other} (so its count there is
     * truly 0); otherwise its count may hide in the other side's {@code other}, and it goes to the {@code other}
     * column on both sides. Missing values are a column if either side has any. Then a column whose expected count
     * {@code rowTotal * columnTotal / total} is below {@link #MIN_EXPECTED} in either row is pooled into
     * {@code other} (the chi-square approximation is poor for small expected counts), and a column with no value on
     * either side (expected count 0 on both) is dropped. The {@code other} column stays even if small, unless empty.
     */
    public static long[][] chiSquareTable(CategoricalSummary reference, CategoricalSummary window) {
        Map<String, Long> r = reference.counts();
        Map<String, Long> w = window.counts();
        TreeSet<String> names = new TreeSet<>(r.keySet());
        names.addAll(w.keySet());
        List<long[]> named = new ArrayList<>();
        long[] other = {reference.other(), window.other()};
        for (String name : names) {
            Long rc = r.get(name);
            Long wc = w.get(name);
            boolean known = (rc != null || reference.other() == 0) && (wc != null || window.other() == 0);
            long[] column = {rc == null ? 0 : rc, wc == null ? 0 : wc};
            if (known) {
                named.add(column);
            } else {
                add(other, column);
            }
        }
        long[] missing = {reference.missing(), window.missing()};
        // Pool the small columns into other; other itself is kept whatever its size, unless empty.
        double nr = reference.count();
        double nw = window.count();
        double smallerRow = Math.min(nr, nw);
        double total = nr + nw;
        List<long[]> kept = new ArrayList<>();
        for (long[] column : named) {
            if (smallerRow * (column[0] + column[1]) / total >= MIN_EXPECTED) {
                kept.add(column);
            } else {
                add(other, column);
            }
        }
        boolean keepMissing = smallerRow * (missing[0] + missing[1]) / total >= MIN_EXPECTED;
        if (!keepMissing) {
            add(other, missing);
        }
        if (other[0] + other[1] > 0) {
            kept.add(other);
        }
        if (keepMissing) {
            kept.add(missing);
        }
        long[][] table = new long[2][kept.size()];
        for (int j = 0; j < kept.size(); j++) {
            table[0][j] = kept.get(j)[0];
            table[1][j] = kept.get(j)[1];
        }
        return table;
    }

    private static void add(long[] into, long[] column) {
        into[0] += column[0];
        into[1] += column[1];
    }

    /**
     * Pearson's chi-square test of homogeneity of the reference and the window over the categories: commons-math's
     * {@link ChiSquareTest#chiSquare(long[][])} and {@link ChiSquareTest#chiSquareTest(long[][])} on the
     * {@link #chiSquareTable 2 x K table} ({@code sum (O - E)^2 / E}, K - 1 degrees of freedom). With fewer than two
     * columns left there is nothing to compare: statistic 0, p-value 1.
     *
     * @return the statistic, its p-value and each side's number of values (missing included)
     * @throws IllegalArgumentException if either side has no value at all
     */
    public static Result chiSquare(CategoricalSummary reference, CategoricalSummary window) {
        requireValues("reference", reference.count());
        requireValues("window", window.count());
        long[][] table = chiSquareTable(reference, window);
        if (table[0].length < 2) {
            return new Result(0.0, 1.0, reference.count(), window.count());
        }
        return new Result(CHI2.chiSquare(table), CHI2.chiSquareTest(table), reference.count(), window.count());
    }

    private static void requireValues(String side, long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("the " + side + " has no values for this test");
        }
    }

    private static void checkBins(int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("PSI needs at least 2 bins, got " + bins);
        }
    }
}
