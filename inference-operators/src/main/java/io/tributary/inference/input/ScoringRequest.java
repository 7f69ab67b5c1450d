package io.tributary.inference.input;

import java.io.Serializable;
import java.util.Map;

/**
 * An event with its model inputs assembled: values by input name, and the status of each online input (PRESENT,
 * NOT_FOUND, OUTSIDE_MAX_AGE, TIMEOUT or ERROR; a non-PRESENT input holds its default).
 *
 * @param receivedMicros when the job started assembling it (epoch microseconds), for the prediction's latency
 */
public record ScoringRequest(String key, long eventTime, Map<String, Double> values, Map<String, String> statuses,
                             long receivedMicros) implements Serializable {}
