package io.tributary.core.models;

import io.tributary.core.topic.TopicNames;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model registry: an event log on the compacted topic {@value TopicNames#MODEL_REGISTRY} (one partition, so
 * one order), whose fold is the current state ({@link RegistryState}); artefacts live content-addressed in an
 * {@link ArtifactStore}. Every stage reads the same log. Each change is checked against the current state first, so
 * a refused change leaves the registry as it was. One writer per model at a time is assumed (version numbers are
 * the next after the latest seen).
 */
public final class ModelRegistry {
    /** Aliases with a meaning to serving. */
    public static final Set<String> ALIASES = Set.of("champion", "challenger", "shadow", "canary");

    private final io.tributary.core.kafka.CompactedTopic topic;
    private final ArtifactStore artifacts;

    public ModelRegistry(String bootstrapServers, ArtifactStore artifacts) {
        this.topic = new io.tributary.core.kafka.CompactedTopic(bootstrapServers, TopicNames.MODEL_REGISTRY);
        this.artifacts = artifacts;
    }

    public ArtifactStore artifacts() { return artifacts; }

    /** Reads the whole log and folds it. */
    public RegistryState state() { return RegistryState.fold(log()); }

    /** Every event, in log order. */
    public List<ModelEvent> log() {
        List<ModelEvent> events = new ArrayList<>();
        for (var r : topic().readAll()) if (r.value() != null) events.add(ModelEvent.fromJson(r.value()));
        return events;
    }

    /**
     * Registers a new version: the scorer must be able to serve it with {@code features} ({@link OnnxModels#check}: it
     * loads, the features map to its inputs, a trial inference on synthetic rows gives usable outputs); otherwise
     * nothing is written or stored, and the exception names the input or output and the problem. The event records
     * the model's inputs and its output schema.
     */
    public ModelEvent register(String model, byte[] onnx, List<String> features, Map<String, Object> metrics,
                               Map<String, Object> lineage, String by, String why) throws IOException {
        requireName(model);
        OnnxModels.Signature signature = OnnxModels.check(onnx, features);
        String uri = artifacts.put(onnx);
        int version = state().model(model).map(RegistryState.Model::latestVersion).orElse(0) + 1;
        Map<String, Object> lin = new java.util.LinkedHashMap<>(lineage == null ? Map.of() : lineage);
        lin.putIfAbsent("features", features);
        return append(new ModelEvent(ModelEvent.Type.VERSION_REGISTERED, model, version, null, null, null, null,
                io.tributary.core.event.Sha256.hex(onnx), uri, signature.inputs(), metrics, lin, by, Instant.now(), why,
                signature.outputs()));
    }

    /**
     * Points {@code alias} at {@code version}. A canary needs a traffic share in (0, 1); a challenger may have one (an
     * A/B test: that share of the traffic is served by the challenger); champion and shadow have none.
     */
    public ModelEvent setAlias(String model, String alias, int version, Double trafficShare, String by, String why) {
        RegistryState.Model m = requireModel(model);
        if (!ALIASES.contains(alias)) throw new IllegalArgumentException("unknown alias '" + alias + "'; aliases are " + ALIASES);
        RegistryState.Version v = m.version(version).orElseThrow(() -> new IllegalArgumentException(
                "model " + model + " has no version " + version + "; versions are " + m.versions().keySet()));
        if (v.archived()) throw new IllegalArgumentException("version " + version + " of " + model + " is archived");
        if (alias.equals("canary") && (trafficShare == null || trafficShare <= 0 || trafficShare >= 1)) {
            throw new IllegalArgumentException("a canary needs a traffic share between 0 and 1 (exclusive), e.g. --share 0.05");
        }
        if (alias.equals("challenger") && trafficShare != null && (trafficShare <= 0 || trafficShare >= 1)) {
            throw new IllegalArgumentException("a challenger's traffic share (an A/B test) is between 0 and 1 (exclusive), e.g. --share 0.5");
        }
        if ((alias.equals("champion") || alias.equals("shadow")) && trafficShare != null) {
            throw new IllegalArgumentException("only a canary or a challenger (A/B) has a traffic share");
        }
        Integer previous = m.alias(alias).map(RegistryState.Alias::version).orElse(null);
        return append(new ModelEvent(ModelEvent.Type.ALIAS_SET, model, version, alias, trafficShare, previous, null,
                null, null, null, null, null, by, Instant.now(), why));
    }

    /** Points {@code alias} back at the version it pointed to before the last change. */
    public ModelEvent rollback(String model, String alias, String by, String why) {
        RegistryState.Model m = requireModel(model);
        RegistryState.Alias a = m.alias(alias).orElseThrow(() -> new IllegalArgumentException(model + " has no " + alias));
        if (a.previousVersion() == null) {
            throw new IllegalArgumentException(alias + " of " + model + " has no previous version to roll back to");
        }
        RegistryState.Version target = m.version(a.previousVersion()).orElseThrow();
        if (target.archived()) throw new IllegalArgumentException("the previous " + alias + " (version " + target.number() + ") is archived");
        return append(new ModelEvent(ModelEvent.Type.ALIAS_SET, model, target.number(), alias, a.trafficShare(), a.version(),
                null, null, null, null, null, null, by, Instant.now(), why));
    }

    public ModelEvent removeAlias(String model, String alias, String by, String why) {
        RegistryState.Model m = requireModel(model);
        if (m.alias(alias).isEmpty()) throw new IllegalArgumentException(model + " has no " + alias);
        return append(new ModelEvent(ModelEvent.Type.ALIAS_REMOVED, model, null, alias, null, m.alias(alias).get().version(),
                null, null, null, null, null, null, by, Instant.now(), why));
    }

    /**
     * Retires a version; refused while an alias points to it. The event repeats the version's artefact, signature,
     * metrics and lineage: it replaces the registration under compaction (same key), and the version stays known.
     */
    public ModelEvent archive(String model, int version, String by, String why) {
        RegistryState.Model m = requireModel(model);
        RegistryState.Version v = m.version(version).orElseThrow(() ->
                new IllegalArgumentException("model " + model + " has no version " + version));
        for (RegistryState.Alias a : m.aliases().values()) {
            if (a.version() == version) throw new IllegalArgumentException("version " + version + " of " + model + " is the " + a.name() + "; move the alias first");
        }
        ModelEvent r = v.registered();
        return append(new ModelEvent(ModelEvent.Type.VERSION_ARCHIVED, model, version, null, null, null, null,
                r.sha256(), r.artifact(), r.inputs(), r.metrics(), r.lineage(), by, Instant.now(), why, r.outputs()));
    }

    /** Records a candidate that failed validation, with the reason and its metrics. */
    public ModelEvent reject(String model, String candidate, Map<String, Object> metrics, Map<String, Object> lineage,
                             String by, String reason) {
        requireName(model);
        return append(new ModelEvent(ModelEvent.Type.CANDIDATE_REJECTED, model, null, null, null, null, candidate,
                null, null, null, metrics, lineage, by, Instant.now(), reason));
    }

    private RegistryState.Model requireModel(String model) {
        return state().model(model).orElseThrow(() -> new IllegalArgumentException("no model '" + model + "' is registered"));
    }

    private static void requireName(String model) {
        if (model == null || !model.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a model name must match [a-z][a-z0-9_]*, got '" + model + "'");
        }
    }

    private ModelEvent append(ModelEvent e) {
        topic().append(e.key(), e.toJson());
        return e;
    }

    private io.tributary.core.kafka.CompactedTopic topic() { return topic; }
}
