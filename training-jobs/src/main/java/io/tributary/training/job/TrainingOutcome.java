package io.tributary.training.job;

import java.util.Map;

/**
 * What one training run did: the experiment record ({@code models.runs}), emitted downstream and written to Kafka.
 *
 * @param outcome REGISTERED, REJECTED or FAILED
 */
public record TrainingOutcome(String runId, String model, String trigger, String outcome, String reason, Integer version,
                              String sha256, Map<String, Object> parameters, Map<String, Object> metrics,
                              Map<String, Object> championMetrics, long fromEventTime, long toEventTime, int examples,
                              long seed, String codeVersion, long durationMillis) {}
