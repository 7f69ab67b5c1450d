package io.tributary.inference.model;

import ai.onnxruntime.OrtException;
import io.tributary.core.models.ModelOutputs;
import io.tributary.core.models.ServableModel;

import java.util.List;

/**
 * A loaded ONNX model that scores rows of feature values (in the declared feature order). The model is loaded the
 * way the registry checks it ({@link ServableModel}: the same input mapping, output reading and trial inference), so a
 * version that registered is one this scores. {@link #predict} gives every output by name; {@link #score} the
 * probability of the positive class of a binary classifier.
 *
 * <p>One instance per subtask.
 */
public final class OnnxModel implements AutoCloseable {
    private final ServableModel model;

    private OnnxModel(ServableModel model) {
        this.model = model;
    }

    /**
     * Loads {@code onnx} for rows of {@code features}.
     *
     * @throws IllegalArgumentException when ONNX Runtime cannot load it, or its inputs or outputs cannot be served
     */
    public static OnnxModel load(byte[] onnx, List<String> features) {
        return new OnnxModel(ServableModel.load(onnx, features));
    }

    /** The features a row holds, in order. */
    public List<String> features() { return model.features(); }

    /** Whether the model is a binary classifier with a score. */
    public boolean hasScore() { return model.hasScore(); }

    /** The outputs carried, by name, in the model's order. */
    public List<String> outputs() { return model.outputs(); }

    /** How many values per row an output carries. */
    public int valuesPerRow(String output) { return model.valuesPerRow(output); }

    /**
     * Every output of {@code rows} ({@code rows[i][j]}: feature j of row i; NaN for a missing value, which the model
     * must handle, as Tributary's exports do; an integer input refuses it).
     */
    public ModelOutputs predict(double[][] rows) throws OrtException {
        return model.run(rows);
    }

    /**
     * Scores {@code rows} to one probability of the positive class per row.
     *
     * @throws IllegalStateException when the model is not a binary classifier (it has no score)
     */
    public double[] score(double[][] rows) throws OrtException {
        if (!model.hasScore()) {
            throw new IllegalStateException("the model has no score (no probability of a positive class); its outputs are "
                    + model.outputs());
        }
        return model.run(rows).score();
    }

    @Override
    public void close() throws OrtException {
        model.close();
    }
}
