package io.tributary.drift.stats;

import io.tributary.core.drift.Profile;

import java.io.Serializable;
import java.util.Objects;

/**
 * The outcome of one drift test of one feature (or the score, {@link Profile#SCORE}) in one window.
 *
 * @param feature the feature tested
 * @param test which test
 * @param statistic PSI, KS's D, the normalized Wasserstein distance, or the chi-square statistic
 * @param pValue the p-value; NaN for PSI and WASSERSTEIN, which have none
 * @param threshold what the test is compared with: the limit of the distance for PSI (drift if
 *     {@code statistic > threshold}) and WASSERSTEIN (drift if {@code statistic >= threshold}, as Evidently), the
 *     p-value limit for KS and CHI2 (drift if {@code pValue < threshold}); KS also drifts if D exceeds the feature's
 *     {@code ks_d} limit ({@link DriftThresholds#ksD(String)}, off by default)
 * @param drifted whether the window drifted from the reference by this test
 * @param referenceN values of the reference the test used (numeric KS and WASSERSTEIN: finite values only)
 * @param windowN values of the window the test used (numeric KS and WASSERSTEIN: finite values only)
 */
public record DriftTest(String feature, Kind test, double statistic, double pValue, double threshold, boolean drifted,
                        long referenceN, long windowN) implements Serializable {

    /** The tests. */
    public enum Kind {
        /** Population Stability Index over the reference's quantile bins ({@link DriftStatistics#psi}). */
        PSI(false),
        /** Two-sample Kolmogorov-Smirnov from the KLL sketches ({@link DriftStatistics#ks}). */
        KS(true),
        /** Wasserstein-1 distance over the reference's sd, from KLL sketches ({@link DriftStatistics#wasserstein}). */
        WASSERSTEIN(false),
        /** Pearson's chi-square test of homogeneity of category counts ({@link DriftStatistics#chiSquare}). */
        CHI2(true);

        // the threshold is a p-value limit (KS, CHI2), not a limit of the statistic (PSI, WASSERSTEIN)
        private final boolean comparesPValue;

        Kind(boolean comparesPValue) {
            this.comparesPValue = comparesPValue;
        }

        /**
         * Whether a drift is critical rather than a warning: a p-value at most a hundredth of its limit (KS, CHI2), a
         * statistic at least twice its limit (PSI, WASSERSTEIN).
         */
        public boolean critical(double statistic, double pValue, double threshold) {
            return comparesPValue ? pValue <= threshold / 100 : statistic >= 2 * threshold;
        }
    }

    public DriftTest {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(test, "test");
    }

    /** {@link Kind#critical} of this outcome (meaningful for a drifted one). */
    public boolean critical() {
        return test.critical(statistic, pValue, threshold);
    }
}
