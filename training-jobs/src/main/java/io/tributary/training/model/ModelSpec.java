package io.tributary.training.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to train: the model's name, its features (in input order), the algorithm and its hyperparameters, and
 * whether to standardize the features (the standardization becomes part of the exported ONNX graph).
 *
 * @param hyperparameters {@code epochs}, {@code learning_rate}, {@code minibatch}, {@code factors} (FM), as numbers
 */
public record ModelSpec(String name, List<String> features, Algorithm algorithm, Map<String, Double> hyperparameters,
                        boolean standardize, long seed) implements Serializable {

    /** Algorithms Tribuo trains and exports to ONNX. */
    public enum Algorithm {
        /** Logistic regression by SGD (AdaGrad). */
        LOGISTIC_SGD,
        /** A factorization machine: pairwise feature interactions, non-linear. */
        FACTORIZATION_MACHINE
    }

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        features = List.copyOf(features);
        if (features.isEmpty()) throw new IllegalArgumentException("model " + name + " has no features");
        hyperparameters = Map.copyOf(hyperparameters);
    }

    public double hyper(String key, double fallback) { return hyperparameters.getOrDefault(key, fallback); }
}
