package io.tributary.drift.job;

import java.io.Serializable;
import java.util.Map;

/** The drift job's records. */
public final class DriftRecords {
    private DriftRecords() {}

    /** A serving prediction as the drift job reads it from {@code predictions.<model>}. */
    public record Served(String key, String model, int version, long eventTime, double score, Map<String, Double> inputs)
            implements Serializable {}

    /**
     * One test of one feature in one window, on {@code drift.metrics}: {@code test} is PSI, KS, WASSERSTEIN, CHI2, or a
     * concept-drift detector (e.g. DDM) over the error stream, whose statistic is the window's error rate. A detector
     * with levels (DDM) also records what its signal was judged on: its own statistic (p + s), its warning and drift
     * levels; NaN for the distribution tests.
     */
    public record Metric(String model, int version, String feature, String test, double statistic, double pValue,
                         double threshold, boolean drifted, long referenceN, long windowN, long windowStart, long windowEnd,
                         double detectorStatistic, double warningLevel, double driftLevel)
            implements Serializable {
        /** A distribution test's window: no detector levels. */
        public Metric(String model, int version, String feature, String test, double statistic, double pValue, double threshold,
                      boolean drifted, long referenceN, long windowN, long windowStart, long windowEnd) {
            this(model, version, feature, test, statistic, pValue, threshold, drifted, referenceN, windowN, windowStart, windowEnd,
                    Double.NaN, Double.NaN, Double.NaN);
        }
    }

    /** On {@code drift.alerts}: RAISED when a feature starts drifting (then at most once per cooldown), CLEARED when it stops. */
    public record Alert(String model, int version, String feature, String test, double statistic, double threshold,
                        long windowStart, long windowEnd, String severity, String state, long at) implements Serializable {}
}
