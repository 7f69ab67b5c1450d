package io.tributary.core.features;

/** Per-value status of an online read. */
public enum FeatureStatus {
    /** The value is there and within the view's TTL. */
    PRESENT,
    /** No value for this entity (never written, expired from Redis, or null). */
    NOT_FOUND,
    /** A value exists but its window ended longer ago than the view's TTL. */
    OUTSIDE_MAX_AGE
}
