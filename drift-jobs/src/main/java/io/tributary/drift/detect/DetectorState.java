package io.tributary.drift.detect;

/** What a {@link DriftDetector} concludes after one value. */
public enum DetectorState {
    /** In control: no evidence of change. */
    NONE,
    /** The statistic is drifting towards the alarm level; detectors without a warning zone never return it. */
    WARNING,
    /** A change was detected at this value; the detector has already restarted (or shrunk its window). */
    DRIFT
}
