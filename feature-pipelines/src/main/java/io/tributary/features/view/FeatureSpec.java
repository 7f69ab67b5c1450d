package io.tributary.features.view;

import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.aggregate.FeatureType;

import java.io.Serializable;

/**
 * One feature of a view: its name, the aggregation, the payload field it reads (null for COUNT), its result type
 * and a description.
 */
public record FeatureSpec(String name, Aggregation aggregation, String input, FeatureType type, String description)
        implements Serializable {

    /** Canonical text, part of the view's version (descriptions are not: they do not change values). */
    public String canonical() {
        return name + "=" + aggregation + "(" + (input == null ? "*" : input) + ")";
    }
}
