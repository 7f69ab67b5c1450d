package io.tributary.core.drift;

import java.util.Map;
import java.util.Optional;

/**
 * The training-time reference of a model version: the distribution of every input feature and of the score over
 * the training data (see {@link Profile}). The training job builds it incrementally ({@link #add(String, double)},
 * {@link #addCategory(String, String)}, {@link #addScore(double)}; partial profiles {@link #merge(ReferenceProfile)}),
 * and stores it with the version in the registry event's lineage as {@code "reference_profile": "<base64>"}
 * ({@link #LINEAGE_KEY}, {@link #toBase64()}); the drift job reads it back with {@link #fromLineage(Map)}.
 */
public final class ReferenceProfile extends Profile {
    private static final long serialVersionUID = 1L;

    /** The key of the base64 profile in a model version's lineage map. */
    public static final String LINEAGE_KEY = "reference_profile";

    /** An empty reference with k = {@value Profile#DEFAULT_K} and {@value Profile#DEFAULT_MAX_CATEGORIES} categories. */
    public ReferenceProfile() {
        this(DEFAULT_K, DEFAULT_MAX_CATEGORIES);
    }

    /**
     * @param k KLL's accuracy parameter for the numeric features, in [8, 65535]
     * @param maxCategories named categories kept per categorical feature, {@code >= 1}
     */
    public ReferenceProfile(int k, int maxCategories) {
        super(k, maxCategories);
    }

    @Override
    byte kind() {
        return REFERENCE;
    }

    /** Adds everything {@code other} saw to this reference; {@code other} is left unchanged. Returns this. */
    public ReferenceProfile merge(ReferenceProfile other) {
        mergeFrom(other);
        return this;
    }

    /** A deep copy. */
    public ReferenceProfile copy() {
        ReferenceProfile copy = new ReferenceProfile(k(), maxCategories());
        copy.copyFrom(this);
        return copy;
    }

    /**
     * Reads {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the bytes are not a reference profile (another kind, a format this
     *     version cannot read, truncated or corrupt)
     */
    public static ReferenceProfile fromBytes(byte[] bytes) {
        return read(bytes, REFERENCE, ReferenceProfile::new);
    }

    /** Reads {@link #toBase64()}; see {@link #fromBytes(byte[])}. */
    public static ReferenceProfile fromBase64(String base64) {
        return fromBytes(decodeBase64(base64));
    }

    /**
     * The reference stored in a model version's lineage under {@link #LINEAGE_KEY}; empty if there is none.
     *
     * @throws IllegalArgumentException if the value is there but is not a base64 string of a reference profile
     */
    public static Optional<ReferenceProfile> fromLineage(Map<String, ?> lineage) {
        Object value = lineage == null ? null : lineage.get(LINEAGE_KEY);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String base64)) {
            throw new IllegalArgumentException("lineage '" + LINEAGE_KEY + "' must be a base64 string, got a "
                    + value.getClass().getSimpleName());
        }
        return Optional.of(fromBase64(base64));
    }
}
