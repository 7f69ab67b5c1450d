/** Tributary Drift jobs: streaming drift detection and alerts. */
package io.tributary.drift;
