package io.tributary.features.aggregate;

/** The type of a feature value, in Redis (as a string), Iceberg and Flink SQL. */
public enum FeatureType {
    LONG, DOUBLE, STRING
}
