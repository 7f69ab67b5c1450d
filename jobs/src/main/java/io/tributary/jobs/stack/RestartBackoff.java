package io.tributary.jobs.stack;

import java.time.Duration;

/**
 * The supervisor's delay before restarting a dead service: none the first time (the common case is one crash), then
 * {@code initial} doubling up to {@code max}, so a service that dies on start does not spin. A process that ran for
 * {@code stableAfter} counts as recovered and resets the sequence.
 */
record RestartBackoff(Duration initial, Duration max, Duration stableAfter) {
    static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    /** The delay before the restart that follows {@code consecutiveRestarts} restarts without a stable run. */
    Duration delay(int consecutiveRestarts) {
        if (consecutiveRestarts <= 0) return Duration.ZERO;
        long millis = initial.toMillis() << Math.min(consecutiveRestarts - 1, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
