package io.tributary.core.models;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A batch's outputs, by output name: {@code values.get(name)[i]} holds row i's values of that output, flattened
 * (one value for an [N] or [N, 1] output, K for [N, K], a map output's values in the order of its keys). Integer and
 * bool outputs are carried as numbers (a class label as its number, true as 1).
 *
 * @param score the probability of the positive class per row for a binary classifier, else null
 */
public record ModelOutputs(int rows, Map<String, double[][]> values, double[] score) {
    public ModelOutputs {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Row {@code i}'s outputs, by name. */
    public Map<String, double[]> row(int i) {
        Map<String, double[]> out = new LinkedHashMap<>();
        values.forEach((name, v) -> out.put(name, v[i]));
        return out;
    }

    /** Whether the model has a score (a binary classifier's probability of the positive class). */
    public boolean hasScore() { return score != null; }
}
