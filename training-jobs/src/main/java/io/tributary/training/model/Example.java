package io.tributary.training.model;

import java.io.Serializable;

/** One labelled example: feature values in the spec's order (NaN when missing), the label, its event time. */
public record Example(double[] features, boolean label, long eventTime) implements Serializable {}
