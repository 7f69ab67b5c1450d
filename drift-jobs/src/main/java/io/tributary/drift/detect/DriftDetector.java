package io.tributary.drift.detect;

import java.io.Serializable;

/**
 * An online concept-drift detector over a stream of values (an error indicator, a loss or a score).
 *
 * <p>Implementations keep all their state in plain per-instance fields and are {@link Serializable}, so that a
 * Flink operator can hold one per key as a state value and restore it from a checkpoint. They are not thread-safe.
 *
 * <p>After {@link DetectorState#DRIFT} the detector restarts by itself: the next value opens a new concept.
 * Values must be finite: a NaN would poison the running statistics, so callers filter them out.
 */
public interface DriftDetector extends Serializable {

    /** Feeds one value; returns the state after it: NONE, WARNING or DRIFT. */
    DetectorState update(double value);

    /** Forgets everything seen, as if newly built with the same parameters. */
    void reset();

    /** The detector's canonical name, as accepted by {@link DriftDetectors#create(String, java.util.Map)}. */
    String name();
}
