package io.tributary.drift.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link AlertDeduplicator#severity}: distances against twice their limit, p-values against a hundredth of it. */
class AlertSeverityTest {

    @Test
    void distancesAreCriticalAtTwiceTheirLimit() {
        assertThat(AlertDeduplicator.severity(metric("WASSERSTEIN", 0.19, Double.NaN, 0.1))).isEqualTo("warning");
        assertThat(AlertDeduplicator.severity(metric("WASSERSTEIN", 0.2, Double.NaN, 0.1))).isEqualTo("critical");
        // a reference that never varied, and a window that does
        assertThat(AlertDeduplicator.severity(metric("WASSERSTEIN", Double.POSITIVE_INFINITY, Double.NaN, 0.1)))
                .isEqualTo("critical");
        assertThat(AlertDeduplicator.severity(metric("PSI", 0.3, Double.NaN, 0.2))).isEqualTo("warning");
        assertThat(AlertDeduplicator.severity(metric("PSI", 0.4, Double.NaN, 0.2))).isEqualTo("critical");
    }

    @Test
    void pValuesAreCriticalAtAHundredthOfTheirLimit() {
        assertThat(AlertDeduplicator.severity(metric("KS", 0.3, 0.001, 0.01))).isEqualTo("warning");
        assertThat(AlertDeduplicator.severity(metric("KS", 0.3, 0.0001, 0.01))).isEqualTo("critical");
        assertThat(AlertDeduplicator.severity(metric("CHI2", 80, 1e-9, 0.01))).isEqualTo("critical");
    }

    @Test
    void errorStreamDetectionsAreCritical() {
        assertThat(AlertDeduplicator.severity(metric("DDM", 0.4, Double.NaN, Double.NaN))).isEqualTo("critical");
    }

    private static DriftRecords.Metric metric(String test, double statistic, double pValue, double threshold) {
        return new DriftRecords.Metric("m", 1, "x", test, statistic, pValue, threshold, true, 1000, 100, 0, 60_000);
    }
}
