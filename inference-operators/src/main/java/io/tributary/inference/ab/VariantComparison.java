package io.tributary.inference.ab;

import io.tributary.core.metrics.Auc;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statistics of an A/B test over labelled predictions, per variant: counts, mean outcome (the positive-label rate)
 * and accuracy at 0.5 with 95 % Wilson intervals, AUC; and each variant against the champion: a two-proportion z-test
 * on accuracy and Welch's t-test on the per-prediction Brier loss (commons-math), significant at {@code alpha}.
 */
public final class VariantComparison {
    private static final NormalDistribution NORMAL = new NormalDistribution();
    private static final double Z95 = 1.959963984540054;

    private VariantComparison() {}

    /** One labelled prediction. */
    public record Labelled(String variant, int version, double score, boolean label) {}

    /** The statistics of one variant (comparison fields NaN for the champion, or with too few rows). */
    public record Result(String variant, int version, long n, double meanOutcome, double meanOutcomeLow, double meanOutcomeHigh,
                         double accuracy, double accuracyLow, double accuracyHigh, double auc, double meanBrier,
                         double accuracyDiff, double z, double zPValue, double welchT, double welchPValue, double alpha,
                         boolean significant) {
        /** The z-test on accuracy alone, at alpha (false without a comparison). */
        public boolean accuracySignificant() { return zPValue < alpha; }

        /** Welch's t-test on the Brier loss alone, at alpha (false without a comparison). */
        public boolean brierSignificant() { return welchPValue < alpha; }
    }

    public static List<Result> compare(List<Labelled> rows, double alpha) {
        Map<String, List<Labelled>> byVariant = new LinkedHashMap<>();
        for (Labelled r : rows) byVariant.computeIfAbsent(r.variant(), v -> new ArrayList<>()).add(r);
        List<Labelled> champion = byVariant.getOrDefault("champion", List.of());
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, List<Labelled>> e : byVariant.entrySet()) {
            List<Labelled> v = e.getValue();
            int n = v.size();
            double[] p = new double[n];
            boolean[] y = new boolean[n];
            double[] brier = new double[n];
            int positives = 0, correct = 0;
            for (int i = 0; i < n; i++) {
                Labelled r = v.get(i);
                p[i] = r.score();
                y[i] = r.label();
                brier[i] = Math.pow(r.score() - (r.label() ? 1 : 0), 2);
                if (r.label()) positives++;
                if ((r.score() >= 0.5) == r.label()) correct++;
            }
            double[] outcomeCi = wilson(positives, n);
            double[] accCi = wilson(correct, n);
            double diff = Double.NaN, z = Double.NaN, zp = Double.NaN, t = Double.NaN, tp = Double.NaN;
            boolean significant = false;
            if (!e.getKey().equals("champion") && champion.size() >= 2 && n >= 2) {
                int cCorrect = 0;
                double[] cBrier = new double[champion.size()];
                for (int i = 0; i < champion.size(); i++) {
                    Labelled r = champion.get(i);
                    if ((r.score() >= 0.5) == r.label()) cCorrect++;
                    cBrier[i] = Math.pow(r.score() - (r.label() ? 1 : 0), 2);
                }
                diff = correct / (double) n - cCorrect / (double) champion.size();
                z = twoProportionZ(correct, n, cCorrect, champion.size());
                zp = twoProportionPValue(correct, n, cCorrect, champion.size());
                TTest welch = new TTest();
                t = welch.t(brier, cBrier);
                tp = welch.tTest(brier, cBrier);
                significant = (!Double.isNaN(zp) && zp < alpha) || (!Double.isNaN(tp) && tp < alpha);
            }
            out.add(new Result(e.getKey(), v.get(0).version(), n, positives / (double) n, outcomeCi[0], outcomeCi[1],
                    correct / (double) n, accCi[0], accCi[1], Auc.of(p, y), mean(brier), diff, z, zp, t, tp, alpha, significant));
        }
        return out;
    }

    /** Two-sided p-value of the pooled two-proportion z-test; NaN when the pooled rate is 0 or 1. */
    public static double twoProportionPValue(long x1, long n1, long x2, long n2) {
        double z = twoProportionZ(x1, n1, x2, n2);
        return Double.isNaN(z) ? Double.NaN : 2 * (1 - NORMAL.cumulativeProbability(Math.abs(z)));
    }

    /** The pooled two-proportion z statistic of x1/n1 against x2/n2; NaN when the pooled rate is 0 or 1. */
    public static double twoProportionZ(long x1, long n1, long x2, long n2) {
        double pooled = (x1 + x2) / (double) (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return se == 0 ? Double.NaN : (x1 / (double) n1 - x2 / (double) n2) / se;
    }

    /** The 95 % Wilson score interval of a proportion. */
    public static double[] wilson(long successes, long n) {
        if (n == 0) return new double[] {Double.NaN, Double.NaN};
        double p = successes / (double) n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {centre - half, centre + half};
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
