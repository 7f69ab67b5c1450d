package io.tributary.features.aggregate;

import java.io.Serializable;

/**
 * One aggregation, as Chronon structures them: an intermediate representation (IR) built with {@link #init},
 * {@link #update} and {@link #merge}, turned into the feature value by {@link #finish}. The same code path serves
 * streaming windows, backfill and tests (against a naive oracle). IRs are plain arrays so Flink state stores them
 * compactly; {@code update} and {@code merge} may mutate and return their first argument.
 *
 * @param <IR> the intermediate representation
 */
public interface Aggregator<IR> extends Serializable {
    /** The IR of no input. */
    IR init();

    /** Adds one non-null input value. */
    IR update(IR ir, Object value);

    /** Combines two IRs (for merging session windows and partial aggregates). */
    IR merge(IR a, IR b);

    /** The feature value: a Long, Double or String, or null when there was no input. */
    Object finish(IR ir);
}
