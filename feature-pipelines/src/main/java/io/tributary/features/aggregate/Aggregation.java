package io.tributary.features.aggregate;

/** The aggregations a feature can use, with the type of their result. */
public enum Aggregation {
    /** Number of events in the window (the input field is ignored; null counts too). */
    COUNT(FeatureType.LONG),
    SUM(FeatureType.DOUBLE),
    AVG(FeatureType.DOUBLE),
    MIN(FeatureType.DOUBLE),
    MAX(FeatureType.DOUBLE),
    /** Population standard deviation (from count, sum and sum of squares, as Flink SQL's STDDEV_POP). */
    STDDEV(FeatureType.DOUBLE),
    /** Approximate distinct count of the input's string form (Apache DataSketches HLL, ~1.6 % error at lgK 12). */
    DISTINCT_COUNT(FeatureType.LONG),
    /** The value of the event with the latest event time (ties: the greatest value, independent of arrival order). */
    LAST(FeatureType.STRING),
    /** Share of events whose input is true (a boolean, or a number > 0): e.g. the late share of flights. */
    RATE(FeatureType.DOUBLE);

    private final FeatureType resultType;

    Aggregation(FeatureType resultType) { this.resultType = resultType; }

    public FeatureType resultType() { return resultType; }

    /** Whether the input must be numeric (or boolean for RATE). */
    public boolean numericInput() {
        return this != COUNT && this != DISTINCT_COUNT && this != LAST;
    }
}
