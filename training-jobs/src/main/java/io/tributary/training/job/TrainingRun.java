package io.tributary.training.job;

import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.models.RegistryState;
import io.tributary.training.gate.Metrics;
import io.tributary.training.gate.OnnxScorer;
import io.tributary.training.gate.ValidationGate;
import io.tributary.training.model.Example;
import io.tributary.training.model.TrainedModel;
import io.tributary.training.model.TribuoTrainer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One training run, off the record path: split the window by time (the newest share is the holdout), train, score
 * the candidate and the current champion on the same holdout, gate, then register (and promote when there is no
 * champion) or record the rejection. Registering is idempotent: a version with the same bytes and the same data
 * range is not registered twice (a replay after a failure repeats runs).
 */
public final class TrainingRun {
    private TrainingRun() {}

    /**
     * @param seqFrom     stream position of the window's first example
     * @param seqTo       stream position of its last
     * @param lineageWait how long to wait for the examples table to commit the window (its snapshot is the lineage)
     */
    public static TrainingOutcome run(TrainingConfig cfg, List<Example> window, String trigger, long seqFrom, long seqTo,
                                      long lineageWait) {
        long t0 = System.nanoTime();
        List<Example> sorted = new ArrayList<>(window);
        sorted.sort(Comparator.comparingLong(Example::eventTime)); // stable: ties keep arrival order
        int holdoutSize = Math.max(1, (int) Math.round(sorted.size() * cfg.holdoutShare()));
        List<Example> train = sorted.subList(0, sorted.size() - holdoutSize);
        List<Example> holdout = sorted.subList(sorted.size() - holdoutSize, sorted.size());
        long from = sorted.get(0).eventTime();
        long to = sorted.get(sorted.size() - 1).eventTime();
        String runId = cfg.spec().name() + "-" + from + "-" + to + "-" + sorted.size() + "-" + cfg.spec().seed();
        Map<String, Object> params = parameters(cfg);
        try {
            TrainedModel candidate = TribuoTrainer.train(cfg.spec(), train);
            Metrics metrics = OnnxScorer.evaluate(candidate.onnx(), holdout);
            ModelRegistry registry = new ModelRegistry(cfg.kafkaBootstrap(), new ArtifactStore(cfg.artifactStore()));
            RegistryState.Model model = registry.state().model(cfg.spec().name()).orElse(null);
            Optional<Metrics> champion = Optional.empty();
            if (model != null && model.aliased("champion").isPresent()) {
                ModelEvent c = model.aliased("champion").get().registered();
                champion = Optional.of(OnnxScorer.evaluate(ArtifactStore.read(c.artifact(), c.sha256()), holdout));
            }
            Map<String, Object> lineage = new LinkedHashMap<>();
            lineage.put("run_id", runId);
            lineage.put("from_event_time", from);
            lineage.put("to_event_time", to);
            lineage.put("train_examples", train.size());
            lineage.put("holdout_examples", holdout.size());
            lineage.put("seed", cfg.spec().seed());
            lineage.put("code_version", cfg.codeVersion());
            lineage.put("parameters", params);
            lineage.put("features", cfg.spec().features());
            Map<String, java.util.SortedSet<String>> versions = new LinkedHashMap<>();
            for (int i = 0; i < cfg.viewVersionFields().size(); i++) {
                java.util.SortedSet<String> seen = new java.util.TreeSet<>();
                for (Example e : sorted) if (e.viewVersions().length > i && e.viewVersions()[i] != null) seen.add(e.viewVersions()[i]);
                versions.put(cfg.viewVersionFields().get(i), seen);
            }
            if (!versions.isEmpty()) lineage.put("feature_view_versions", versions);
            lineage.put(io.tributary.core.drift.ReferenceProfile.LINEAGE_KEY, referenceProfile(cfg, sorted, candidate.onnx(), holdout));
            lineage.put("seq_from", seqFrom);
            lineage.put("seq_to", seqTo);
            if (cfg.warehouse() != null) {
                Optional<Long> snapshot = ExamplesTable.awaitSnapshotWith(cfg.warehouse(), cfg.spec().name(), seqTo, lineageWait);
                lineage.put("examples_table", ExamplesTable.ID.toString());
                lineage.put("warehouse", cfg.warehouse());
                lineage.put("iceberg_snapshot", snapshot.orElse(null));
            }
            ValidationGate.Verdict verdict = cfg.gate().judge(metrics, champion);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Map<String, Object> champMap = champion.map(Metrics::asMap).orElse(Map.of());
            if (!verdict.passed()) {
                if (model == null || model.rejected().stream().noneMatch(r -> runId.equals(r.candidate()))) {
                    registry.reject(cfg.spec().name(), runId, metrics.asMap(), lineage, "training-job", verdict.summary());
                }
                return new TrainingOutcome(runId, cfg.spec().name(), trigger, "REJECTED", verdict.summary(), null,
                        candidate.sha256(), params, metrics.asMap(), champMap, from, to, sorted.size(), cfg.spec().seed(), cfg.codeVersion(), ms);
            }
            Optional<RegistryState.Version> existing = model == null ? Optional.empty() : model.versions().values().stream()
                    .filter(v -> candidate.sha256().equals(v.registered().sha256()) && runId.equals(v.registered().lineage().get("run_id")))
                    .findFirst();
            int version;
            if (existing.isPresent()) {
                version = existing.get().number();
            } else {
                version = registry.register(cfg.spec().name(), candidate.onnx(), cfg.spec().features(), metrics.asMap(), lineage,
                        "training-job", trigger).version();
                if (model == null || model.aliased("champion").isEmpty()) {
                    registry.setAlias(cfg.spec().name(), "champion", version, null, "training-job", "first version to pass the gate");
                } else {
                    registry.setAlias(cfg.spec().name(), cfg.promoteAlias(), version, null, "training-job",
                            "passed the gate: " + verdict.summary() + " (" + trigger + ")");
                }
            }
            return new TrainingOutcome(runId, cfg.spec().name(), trigger, "REGISTERED", verdict.summary(), version,
                    candidate.sha256(), params, metrics.asMap(), champMap, from, to, sorted.size(), cfg.spec().seed(), cfg.codeVersion(), ms);
        } catch (Exception e) {
            return new TrainingOutcome(runId, cfg.spec().name(), trigger, "FAILED", String.valueOf(e), null, null, params,
                    Map.of(), Map.of(), from, to, sorted.size(), cfg.spec().seed(), cfg.codeVersion(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * The drift reference of the version: the window's feature distributions and the candidate's scores on the
     * holdout (the newest data, the closest to what it will serve), as a base64 profile in the lineage.
     */
    public static String referenceProfile(TrainingConfig cfg, List<Example> window, byte[] onnx, List<Example> holdout) {
        io.tributary.core.drift.ReferenceProfile profile = new io.tributary.core.drift.ReferenceProfile();
        List<String> names = cfg.spec().features();
        for (Example e : window) {
            for (int i = 0; i < names.size(); i++) {
                double v = e.features()[i];
                if (Double.isNaN(v)) profile.addMissing(names.get(i));
                else profile.add(names.get(i), v);
            }
        }
        for (double score : OnnxScorer.score(onnx, holdout)) profile.addScore(score);
        return profile.toBase64();
    }

    static Map<String, Object> parameters(TrainingConfig cfg) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("algorithm", cfg.spec().algorithm().name());
        p.put("standardize", cfg.spec().standardize());
        p.put("window_size", cfg.windowSize());
        p.put("retrain_every", cfg.retrainEvery());
        p.put("holdout_share", cfg.holdoutShare());
        p.putAll(new java.util.TreeMap<>(cfg.spec().hyperparameters()));
        return p;
    }
}
