package io.tributary.inference.score;

import java.io.Serializable;
import java.util.Map;

/**
 * One scored event, as written to {@code predictions.<model>} (JSON, keyed by the event key).
 *
 * @param variant   champion, challenger, canary or shadow
 * @param decision  true for the one prediction per event that serves; a shadow's is false
 * @param statuses  the status of each online input (PRESENT, NOT_FOUND, OUTSIDE_MAX_AGE, TIMEOUT, ERROR)
 * @param inputs    the input values the model saw (defaults included), for monitoring and drift
 * @param latencyMs from the start of input assembly to the score
 */
public record Prediction(String key, long eventTime, String model, int version, String variant, boolean decision,
                         double score, Map<String, String> statuses, Map<String, Double> inputs, double latencyMs) implements Serializable {}
