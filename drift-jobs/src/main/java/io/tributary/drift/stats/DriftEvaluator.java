package io.tributary.drift.stats;

import io.tributary.core.drift.Profile;
import io.tributary.core.drift.ReferenceProfile;
import io.tributary.core.drift.WindowProfile;
import io.tributary.core.drift.NumericSummary;
import io.tributary.core.drift.CategoricalSummary;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares a serving window with the reference of the model version in service, feature by feature: PSI, KS and the
 * normalized Wasserstein distance for every numeric feature, chi-square for every categorical one, and the score
 * ({@link Profile#SCORE}, numeric) last.
 *
 * <p>A feature is tested if both profiles have it; features only the reference has (none of their values reached
 * the window, not even missing ones) or only the window has (no reference to compare with) are skipped. A test
 * needs values on both sides: PSI and chi-square any values (missing included), KS finite ones, Wasserstein at least
 * {@value #WASSERSTEIN_MIN_VALUES} finite ones on each side. Immutable, and
 * serializable to ship with a Flink job.
 */
public final class DriftEvaluator implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The finite values each side needs for the Wasserstein test. Below that, W1/sd's own sampling noise reaches its
     * limit of 0.1: between two samples of one normal distribution it averages about 1.3 sqrt(1/n + 1/m), and against
     * a reference of 100,000 values (exact W1, 4,000 draws) windows of 300 values reached 0.1 in 23% of cases, of 500
     * in 4%, of 1,000 in 0.4%. Evidently, too, picks this test only for references of more than 1,000 rows (KS
     * otherwise).
     */
    public static final int WASSERSTEIN_MIN_VALUES = 1_000;

    private final DriftThresholds thresholds;
    private final int psiBins;

    /** Default thresholds, PSI over the reference's deciles. */
    public DriftEvaluator() {
        this(DriftThresholds.defaults());
    }

    /** PSI over the reference's deciles. */
    public DriftEvaluator(DriftThresholds thresholds) {
        this(thresholds, DriftStatistics.DEFAULT_PSI_BINS);
    }

    /**
     * @param thresholds when a test means drift, per feature
     * @param psiBins PSI's number of quantile bins of the reference, {@code >= 2}
     */
    public DriftEvaluator(DriftThresholds thresholds, int psiBins) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        if (psiBins < 2) {
            throw new IllegalArgumentException("psiBins must be >= 2, got " + psiBins);
        }
        this.psiBins = psiBins;
    }

    /**
     * Every test of every feature both profiles have, features by name and the score last; for each numeric
     * feature PSI, KS, then WASSERSTEIN (with enough values, {@link #WASSERSTEIN_MIN_VALUES}).
     *
     * @throws IllegalArgumentException if a feature is numeric in one profile and categorical in the other
     */
    public List<DriftTest> evaluate(ReferenceProfile reference, WindowProfile window) {
        TreeSet<String> features = new TreeSet<>(reference.numericFeatures());
        features.addAll(reference.categoricalFeatures());
        boolean score = features.remove(Profile.SCORE);
        List<DriftTest> tests = new ArrayList<>();
        for (String feature : features) {
            evaluate(feature, reference, window, tests);
        }
        if (score) {
            evaluate(Profile.SCORE, reference, window, tests);
        }
        return tests;
    }

    private void evaluate(String feature, ReferenceProfile reference, WindowProfile window, List<DriftTest> tests) {
        NumericSummary refNumeric = reference.numeric(feature);
        CategoricalSummary refCategorical = reference.categorical(feature);
        NumericSummary winNumeric = window.numeric(feature);
        CategoricalSummary winCategorical = window.categorical(feature);
        if ((refNumeric != null && winCategorical != null) || (refCategorical != null && winNumeric != null)) {
            throw new IllegalArgumentException("feature '" + feature + "' is "
                    + (refNumeric != null ? "numeric" : "categorical") + " in the reference but "
                    + (winNumeric != null ? "numeric" : "categorical") + " in the window");
        }
        if (refNumeric != null && winNumeric != null) {
            numericTests(feature, refNumeric, winNumeric, tests);
        } else if (refCategorical != null && winCategorical != null
                && refCategorical.count() > 0 && winCategorical.count() > 0) {
            DriftStatistics.Result chi2 = DriftStatistics.chiSquare(refCategorical, winCategorical);
            double limit = thresholds.chi2P(feature);
            tests.add(new DriftTest(feature, DriftTest.Kind.CHI2, chi2.statistic(), chi2.pValue(), limit,
                    chi2.pValue() < limit, chi2.referenceN(), chi2.windowN()));
        }
    }

    private void numericTests(String feature, NumericSummary reference, NumericSummary window, List<DriftTest> tests) {
        if (reference.count() > 0 && window.count() > 0) {
            DriftStatistics.Result psi = DriftStatistics.psi(reference, window, psiBins);
            double limit = thresholds.psi(feature);
            tests.add(new DriftTest(feature, DriftTest.Kind.PSI, psi.statistic(), Double.NaN, limit,
                    psi.statistic() > limit, psi.referenceN(), psi.windowN()));
        }
        if (reference.present() > 0 && window.present() > 0) {
            DriftStatistics.Result ks = DriftStatistics.ks(reference, window);
            double limit = thresholds.ksP(feature);
            boolean drifted = ks.pValue() < limit || ks.statistic() > thresholds.ksD(feature);
            tests.add(new DriftTest(feature, DriftTest.Kind.KS, ks.statistic(), ks.pValue(), limit, drifted,
                    ks.referenceN(), ks.windowN()));
        }
        if (reference.present() >= WASSERSTEIN_MIN_VALUES && window.present() >= WASSERSTEIN_MIN_VALUES) {
            DriftStatistics.Result wasserstein = DriftStatistics.wasserstein(reference, window);
            double limit = thresholds.wasserstein(feature);
            tests.add(new DriftTest(feature, DriftTest.Kind.WASSERSTEIN, wasserstein.statistic(), Double.NaN, limit,
                    wasserstein.statistic() >= limit, wasserstein.referenceN(), wasserstein.windowN()));
        }
    }

    /** The thresholds in use. */
    public DriftThresholds thresholds() {
        return thresholds;
    }

    /** PSI's number of bins. */
    public int psiBins() {
        return psiBins;
    }
}
