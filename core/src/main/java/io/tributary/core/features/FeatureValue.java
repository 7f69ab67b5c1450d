package io.tributary.core.features;

/**
 * One online value: the text Redis holds (parse by the feature's type), its status, and the end of the window it
 * came from (epoch ms; -1 when not found).
 */
public record FeatureValue(String value, FeatureStatus status, long windowEnd) {
    public static final FeatureValue NOT_FOUND = new FeatureValue(null, FeatureStatus.NOT_FOUND, -1);

    public Double asDouble() { return value == null ? null : Double.valueOf(value); }
}
