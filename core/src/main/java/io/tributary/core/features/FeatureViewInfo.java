package io.tributary.core.features;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What readers need to know about a feature view (the feature registry's record): its entity keys, its features and
 * their types, its TTL, and the version of its definition.
 */
public record FeatureViewInfo(String name, String version, String sourceTopic, List<String> entityKeys,
                              String window, List<Feature> features, Duration ttl, String owner, String description)
        implements Serializable {

    /** One feature: name, type (LONG, DOUBLE, STRING), aggregation, description. */
    public record Feature(String name, String type, String aggregation, String description) implements Serializable {}

    public Feature feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("view " + name + " has no feature '" + featureName
                        + "'; it has " + features.stream().map(Feature::name).toList()));
    }

    /** The entity string of an entity row: the view's key values joined by '|', or '_' without keys. */
    public String entity(java.util.Map<String, String> entityRow) {
        if (entityKeys.isEmpty()) return "_";
        StringBuilder sb = new StringBuilder();
        for (String k : entityKeys) {
            String v = entityRow.get(k);
            if (v == null) throw new IllegalArgumentException("view " + name + " needs entity key '" + k + "', got " + entityRow.keySet());
            if (!sb.isEmpty()) sb.append('|');
            sb.append(v);
        }
        return sb.toString();
    }
}
