package io.tributary.training.job;

import io.tributary.core.models.ModelEvent;
import io.tributary.training.model.Example;
import io.tributary.training.model.ModelSpec;
import io.tributary.training.model.TrainedModel;
import io.tributary.training.model.TribuoTrainer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retrains a registered version from its lineage: the examples of its window read from {@code training.examples} as
 * of the recorded Iceberg snapshot (time travel), the same split, spec and seed. The bytes are identical when
 * training is deterministic, which {@link #reproduce} lets the caller check against the registered sha256.
 */
public final class TrainingReproducer {
    private static final Set<String> NOT_HYPERPARAMETERS = Set.of("algorithm", "standardize", "window_size", "retrain_every", "holdout_share");

    private TrainingReproducer() {}

    public static TrainedModel reproduce(ModelEvent version) throws IOException {
        Map<String, Object> lineage = version.lineage();
        Object snapshot = lineage.get("iceberg_snapshot");
        if (snapshot == null) {
            throw new IllegalArgumentException(version.model() + " v" + version.version()
                    + " records no Iceberg snapshot of its training data; it cannot be reproduced");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) lineage.get("parameters");
        @SuppressWarnings("unchecked")
        List<String> features = (List<String>) lineage.get("features");
        Map<String, Double> hyper = new HashMap<>();
        for (Map.Entry<String, Object> p : params.entrySet()) {
            if (!NOT_HYPERPARAMETERS.contains(p.getKey()) && p.getValue() instanceof Number n) hyper.put(p.getKey(), n.doubleValue());
        }
        ModelSpec spec = new ModelSpec(version.model(), features, ModelSpec.Algorithm.valueOf((String) params.get("algorithm")),
                hyper, (Boolean) params.get("standardize"), ((Number) lineage.get("seed")).longValue());
        List<Example> window = new ArrayList<>(ExamplesTable.read((String) lineage.get("warehouse"), version.model(),
                ((Number) snapshot).longValue(), ((Number) lineage.get("seq_from")).longValue(), ((Number) lineage.get("seq_to")).longValue()));
        window.sort(Comparator.comparingLong(Example::eventTime)); // stable, as TrainingRun sorts
        int trainSize = ((Number) lineage.get("train_examples")).intValue();
        return TribuoTrainer.train(spec, window.subList(0, trainSize));
    }
}
