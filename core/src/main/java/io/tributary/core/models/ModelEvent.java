package io.tributary.core.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event of the model registry's log (topic {@code models.registry}). Every event says who did what, when and why.
 * The record key names the entity the event updates, so that a compacted topic keeps each entity's latest event and
 * the fold of what remains is still the current state: {@code <model>/version/<n>}, {@code <model>/alias/<alias>},
 * {@code <model>/rejected/<candidate>}.
 *
 * <pre>{"type": "VERSION_REGISTERED", "model": "flights_delay", "version": 3, "sha256": "...", "artifact": "file:/...",
 *  "inputs": [{"name": "mean_delay", "type": "FLOAT", "shape": [-1, 1]}], "metrics": {"auc": 0.71},
 *  "lineage": {"iceberg_snapshot": 123, "seed": 7}, "by": "training-job", "at": "2026-11-28T00:00:00Z", "why": "...",
 *  "outputs": [{"name": "probabilities", "type": "FLOAT", "shape": [-1, 2], "carried": true, "values_per_row": 2,
 *               "score_column": 1}]}</pre>
 *
 * <p>{@code outputs} (the output schema, {@link ServableModel#outputSchema()}) is empty in events written before it
 * was recorded.
 */
public record ModelEvent(Type type, String model, Integer version, String alias, Double trafficShare, Integer previousVersion,
                         String candidate, String sha256, String artifact, List<Map<String, Object>> inputs,
                         Map<String, Object> metrics, Map<String, Object> lineage, String by, Instant at, String why,
                         List<Map<String, Object>> outputs) {

    /** What happened. */
    public enum Type {
        /** A new version with its artefact, signature, metrics and lineage. */
        VERSION_REGISTERED,
        /** A version retired: no alias may point to it any more. */
        VERSION_ARCHIVED,
        /** An alias (champion, challenger, shadow, canary) now points to a version; canary with a traffic share. */
        ALIAS_SET,
        /** An alias removed. */
        ALIAS_REMOVED,
        /** A candidate that did not pass validation, and why. */
        CANDIDATE_REJECTED
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @com.fasterxml.jackson.annotation.JsonCreator
    public ModelEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(at, "at");
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
        lineage = lineage == null ? Map.of() : new LinkedHashMap<>(lineage);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** An event without an output schema (every type but a registration or an archive). */
    public ModelEvent(Type type, String model, Integer version, String alias, Double trafficShare, Integer previousVersion,
                      String candidate, String sha256, String artifact, List<Map<String, Object>> inputs,
                      Map<String, Object> metrics, Map<String, Object> lineage, String by, Instant at, String why) {
        this(type, model, version, alias, trafficShare, previousVersion, candidate, sha256, artifact, inputs, metrics,
                lineage, by, at, why, null);
    }

    /** The compaction key: the entity this event updates. */
    public String key() {
        return switch (type) {
            case VERSION_REGISTERED, VERSION_ARCHIVED -> model + "/version/" + version;
            case ALIAS_SET, ALIAS_REMOVED -> model + "/alias/" + alias;
            case CANDIDATE_REJECTED -> model + "/rejected/" + candidate;
        };
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a registry event always serializes", e);
        }
    }

    public static ModelEvent fromJson(byte[] json) {
        try {
            return JSON.readValue(json, ModelEvent.class);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable model registry event: " + new String(json, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }
}
