package io.tributary.core.drift;

import java.util.Objects;

/**
 * The distribution of every input feature and of the score over the serving data of one event-time window (see
 * {@link Profile}), compared with the model version's {@link ReferenceProfile} by the drift job (DriftEvaluator in drift-jobs).
 *
 * <p>A tumbling window builds one profile; a sliding window is the {@link #union(Iterable)} of its panes (windows of
 * the slide's length), so each value is sketched once however many windows it belongs to. Build it with the same k
 * as the reference, so that both have the same rank error.
 */
public final class WindowProfile extends Profile {
    private static final long serialVersionUID = 1L;

    /** An empty window with k = {@value Profile#DEFAULT_K} and {@value Profile#DEFAULT_MAX_CATEGORIES} categories. */
    public WindowProfile() {
        this(DEFAULT_K, DEFAULT_MAX_CATEGORIES);
    }

    /**
     * @param k KLL's accuracy parameter for the numeric features, in [8, 65535]
     * @param maxCategories named categories kept per categorical feature, {@code >= 1}
     */
    public WindowProfile(int k, int maxCategories) {
        super(k, maxCategories);
    }

    /** An empty window with the reference's k and category cap. */
    public static WindowProfile like(ReferenceProfile reference) {
        return new WindowProfile(reference.k(), reference.maxCategories());
    }

    @Override
    byte kind() {
        return WINDOW;
    }

    /** Adds everything {@code other} saw to this window; {@code other} is left unchanged. Returns this. */
    public WindowProfile merge(WindowProfile other) {
        mergeFrom(other);
        return this;
    }

    /**
     * A new profile of everything the panes saw, built with the first pane's parameters; the panes are left
     * unchanged (a pane belongs to several sliding windows).
     *
     * @throws IllegalArgumentException if there are no panes
     */
    public static WindowProfile union(Iterable<WindowProfile> panes) {
        WindowProfile union = null;
        for (WindowProfile pane : panes) {
            Objects.requireNonNull(pane, "pane");
            if (union == null) {
                union = pane.copy();
            } else {
                union.merge(pane);
            }
        }
        if (union == null) {
            throw new IllegalArgumentException("the union of no panes is undefined");
        }
        return union;
    }

    /** A deep copy. */
    public WindowProfile copy() {
        WindowProfile copy = new WindowProfile(k(), maxCategories());
        copy.copyFrom(this);
        return copy;
    }

    /** Reads {@link #toBytes()}; throws {@link IllegalArgumentException} for anything but a window profile. */
    public static WindowProfile fromBytes(byte[] bytes) {
        return read(bytes, WINDOW, WindowProfile::new);
    }

    /** Reads {@link #toBase64()}; see {@link #fromBytes(byte[])}. */
    public static WindowProfile fromBase64(String base64) {
        return fromBytes(decodeBase64(base64));
    }
}
