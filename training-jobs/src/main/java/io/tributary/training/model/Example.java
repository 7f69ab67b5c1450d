package io.tributary.training.model;

import java.io.Serializable;

/**
 * One labelled example: feature values in the spec's order (NaN when missing), the label, its event time, and the
 * versions of the feature views its values came from (for lineage; may be empty).
 */
public record Example(double[] features, boolean label, long eventTime, String[] viewVersions) implements Serializable {
    public Example(double[] features, boolean label, long eventTime) {
        this(features, label, eventTime, new String[0]);
    }
}
