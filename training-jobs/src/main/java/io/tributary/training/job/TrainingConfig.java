package io.tributary.training.job;

import io.tributary.training.gate.ValidationGate;
import io.tributary.training.model.ModelSpec;

import java.io.Serializable;

/**
 * The continuous training of one model: what to train, how many examples to keep (the training window), how many new
 * ones trigger a retrain, the share of the newest examples held out for validation, the gate, where the registry
 * lives, and the Iceberg warehouse of {@code training.examples} and {@code models.runs} (null: no lineage snapshots).
 */
public record TrainingConfig(ModelSpec spec, String labelField, int windowSize, int retrainEvery, double holdoutShare,
                             ValidationGate gate, String kafkaBootstrap, String artifactStore, String codeVersion,
                             String warehouse)
        implements Serializable {
    public TrainingConfig {
        if (windowSize < 10) throw new IllegalArgumentException("a training window of " + windowSize + " examples is too small");
        if (retrainEvery < 1) throw new IllegalArgumentException("retrainEvery must be >= 1");
        if (holdoutShare <= 0 || holdoutShare >= 1) throw new IllegalArgumentException("holdoutShare must be in (0, 1)");
    }
}
