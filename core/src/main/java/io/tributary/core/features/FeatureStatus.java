package io.tributary.core.features;

/** Per-value status of an online read. */
public enum FeatureStatus {
    /** The value is there and within the view's TTL. */
    PRESENT,
    /** No value for this entity (never written, expired from Redis, or null). */
    NOT_FOUND,
    /** A value exists but its window ended longer ago than the view's TTL. */
    OUTSIDE_MAX_AGE,
    /**
     * A value exists but its window ended after the time it is read as of: the store holds only the newest value, and
     * using it would leak that time's future (a replay of history whose reads run behind the feature job).
     */
    NEWER_THAN_AS_OF
}
