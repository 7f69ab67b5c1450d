package io.tributary.drift.detect;

/**
 * A detector that judges a statistic against a warning and a drift level (DDM): the values of its last update, so that
 * a drift signal can be reported with what it was judged on, although the detector resets when it signals.
 */
public interface LeveledDetector {
    /** The statistic at the last update (DDM: p + s), NaN before the first test. */
    double lastStatistic();

    /** The warning level it was compared with (DDM: p_min + warningLevel * s_min), NaN before the first test. */
    double lastWarningLevel();

    /** The drift level it was compared with (DDM: p_min + driftLevel * s_min), NaN before the first test. */
    double lastDriftLevel();
}
