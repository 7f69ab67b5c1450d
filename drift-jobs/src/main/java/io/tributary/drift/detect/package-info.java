/**
 * Online concept-drift detectors (ADWIN, DDM, EDDM, HDDM_A, HDDM_W, Page-Hinkley) for error and score streams,
 * small and serializable so that Flink can checkpoint them as keyed state. Build them with
 * {@link io.tributary.drift.detect.DriftDetectors}. Semantics follow MOA 2024.07; where MOA and river differ,
 * each class says which one it follows and how to get the other (see also {@code drift-jobs/README-detectors.md}).
 */
package io.tributary.drift.detect;
