/**
 * Distribution drift of a model's input features and score against the training reference of the model version in
 * service: {@link io.tributary.drift.stats.ReferenceProfile} (built at training time, stored base64 in the version's
 * lineage), {@link io.tributary.drift.stats.WindowProfile} (one per serving window, mergeable from panes),
 * {@link io.tributary.drift.stats.DriftStatistics} (PSI, two-sample KS and normalized Wasserstein from KLL sketches,
 * chi-square), and {@link io.tributary.drift.stats.DriftEvaluator} which applies per-feature
 * {@link io.tributary.drift.stats.DriftThresholds} and returns one {@link io.tributary.drift.stats.DriftTest} per
 * test. See also {@code drift-jobs/README-detectors.md}.
 */
package io.tributary.drift.stats;

import io.tributary.core.drift.ReferenceProfile;
import io.tributary.core.drift.WindowProfile;
