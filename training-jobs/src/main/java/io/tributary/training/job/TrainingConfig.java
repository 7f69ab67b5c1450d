package io.tributary.training.job;

import io.tributary.training.gate.ValidationGate;
import io.tributary.training.model.ModelSpec;

import java.io.Serializable;

/**
 * The continuous training of one model: what to train, how many examples to keep (the training window), how many new
 * ones trigger a retrain, the share of the newest examples held out for validation, the gate, where the registry
 * lives, the Iceberg warehouse of {@code training.examples} and {@code models.runs} (null: no lineage snapshots),
 * the payload fields that carry the feature views' versions (recorded in the lineage), and the alias a version that
 * passes the gate gets ({@code champion}: it serves at once, the continuous default; {@code challenger} or
 * {@code shadow}: a person promotes it). The first version to pass is always the champion.
 */
public record TrainingConfig(ModelSpec spec, String labelField, int windowSize, int retrainEvery, double holdoutShare,
                             ValidationGate gate, String kafkaBootstrap, String artifactStore, String codeVersion,
                             String warehouse, java.util.List<String> viewVersionFields, String promoteAlias)
        implements Serializable {
    public TrainingConfig(ModelSpec spec, String labelField, int windowSize, int retrainEvery, double holdoutShare,
                          ValidationGate gate, String kafkaBootstrap, String artifactStore, String codeVersion,
                          String warehouse, java.util.List<String> viewVersionFields) {
        this(spec, labelField, windowSize, retrainEvery, holdoutShare, gate, kafkaBootstrap, artifactStore, codeVersion,
                warehouse, viewVersionFields, "champion");
    }

    public TrainingConfig(ModelSpec spec, String labelField, int windowSize, int retrainEvery, double holdoutShare,
                          ValidationGate gate, String kafkaBootstrap, String artifactStore, String codeVersion, String warehouse) {
        this(spec, labelField, windowSize, retrainEvery, holdoutShare, gate, kafkaBootstrap, artifactStore, codeVersion,
                warehouse, java.util.List.of());
    }

    public TrainingConfig {
        promoteAlias = promoteAlias == null ? "champion" : promoteAlias;
        if (!java.util.Set.of("champion", "challenger", "shadow").contains(promoteAlias)) {
            throw new IllegalArgumentException("a version that passes the gate can become champion, challenger or shadow, not '"
                    + promoteAlias + "' (a canary needs a traffic share: `tributary models promote`)");
        }
        viewVersionFields = viewVersionFields == null ? java.util.List.of() : java.util.List.copyOf(viewVersionFields);
        if (windowSize < 10) throw new IllegalArgumentException("a training window of " + windowSize + " examples is too small");
        if (retrainEvery < 1) throw new IllegalArgumentException("retrainEvery must be >= 1");
        if (holdoutShare <= 0 || holdoutShare >= 1) throw new IllegalArgumentException("holdoutShare must be in (0, 1)");
    }
}
