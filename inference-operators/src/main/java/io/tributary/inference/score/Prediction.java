package io.tributary.inference.score;

import java.io.Serializable;
import java.util.Map;

/**
 * One scored event, as written to {@code predictions.<model>} (JSON, keyed by the event key).
 *
 * @param variant   champion, challenger, canary or shadow
 * @param decision  true for the one prediction per event that serves; a shadow's is false
 * @param score     a binary classifier's probability of the positive class; null for a model without one (regression,
 *                  multi-class, label-only): its {@code outputs} are the prediction
 * @param statuses  the status of each online input (PRESENT, NOT_FOUND, OUTSIDE_MAX_AGE, TIMEOUT, ERROR)
 * @param inputs    the input values the model saw (defaults included), for monitoring and drift
 * @param latencyMs from the start of input assembly to the score
 * @param outputs   every output the model carries, by name (see {@link io.tributary.core.models.ModelOutputs})
 */
public record Prediction(String key, long eventTime, String model, int version, String variant, boolean decision,
                         Double score, Map<String, String> statuses, Map<String, Double> inputs, double latencyMs,
                         Map<String, double[]> outputs) implements Serializable {
    public Prediction {
        outputs = outputs == null ? new java.util.LinkedHashMap<>() : outputs; // a plain map: Kryo copies it
    }

    /** A prediction without outputs (a score only). */
    public Prediction(String key, long eventTime, String model, int version, String variant, boolean decision,
                      Double score, Map<String, String> statuses, Map<String, Double> inputs, double latencyMs) {
        this(key, eventTime, model, version, variant, decision, score, statuses, inputs, latencyMs, null);
    }
}
