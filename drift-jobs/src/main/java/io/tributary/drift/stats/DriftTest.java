package io.tributary.drift.stats;

import io.tributary.core.drift.Profile;

import java.io.Serializable;
import java.util.Objects;

/**
 * The outcome of one drift test of one feature (or the score, {@link Profile#SCORE}) in one window.
 *
 * @param feature the feature tested
 * @param test which test
 * @param statistic PSI, KS's D, or the chi-square statistic
 * @param pValue the p-value; NaN for PSI, which has none
 * @param threshold what the test is compared with: the PSI limit for PSI (drift if {@code statistic > threshold}),
 *     the p-value limit for KS and CHI2 (drift if {@code pValue < threshold}); KS also drifts if D exceeds the
 *     feature's {@code ks_d} limit ({@link DriftThresholds#ksD(String)}, off by default)
 * @param drifted whether the window drifted from the reference by this test
 * @param referenceN values of the reference the test used (numeric KS: finite values only)
 * @param windowN values of the window the test used (numeric KS: finite values only)
 */
public record DriftTest(String feature, Kind test, double statistic, double pValue, double threshold, boolean drifted,
                        long referenceN, long windowN) implements Serializable {

    /** The tests. */
    public enum Kind {
        /** Population Stability Index over the reference's quantile bins ({@link DriftStatistics#psi}). */
        PSI,
        /** Two-sample Kolmogorov-Smirnov from the KLL sketches ({@link DriftStatistics#ks}). */
        KS,
        /** Pearson's chi-square test of homogeneity of category counts ({@link DriftStatistics#chiSquare}). */
        CHI2
    }

    public DriftTest {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(test, "test");
    }
}
