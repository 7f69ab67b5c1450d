package io.tributary.inference.score;

import io.tributary.inference.input.InputFeature;

import java.io.Serializable;
import java.util.List;

/**
 * How one model is served: the model's name in the registry, the inputs the job assembles, micro-batches of up to
 * {@code batchSize} rows or {@code maxDelayMs}, the experiment salt of the traffic split, and the canary guard
 * (window, minimum samples, error-rate margin, latency margin as a fraction).
 */
public record ScoringConfig(String model, List<InputFeature> inputs, int batchSize, long maxDelayMs, String salt,
                            int canaryWindow, int canaryMinSamples, double canaryErrorMargin, double canaryLatencyMargin)
        implements Serializable {
    public ScoringConfig {
        inputs = List.copyOf(inputs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1");
        if (maxDelayMs < 0) throw new IllegalArgumentException("max batch delay must be >= 0 ms");
        if (salt == null) salt = model;
    }

    /** Defaults: batches of 64 rows or 5 ms, salt = the model's name, canary judged over 1000 predictions. */
    public static ScoringConfig of(String model, List<InputFeature> inputs) {
        return new ScoringConfig(model, inputs, 64, 5, model, 1000, 200, 0.01, 0.5);
    }

    public ScoringConfig withBatching(int rows, long delayMs) {
        return new ScoringConfig(model, inputs, rows, delayMs, salt, canaryWindow, canaryMinSamples, canaryErrorMargin, canaryLatencyMargin);
    }

    public ScoringConfig withSalt(String experimentSalt) {
        return new ScoringConfig(model, inputs, batchSize, maxDelayMs, experimentSalt, canaryWindow, canaryMinSamples, canaryErrorMargin, canaryLatencyMargin);
    }

    public ScoringConfig withCanaryGuard(int window, int minSamples, double errorMargin, double latencyMargin) {
        return new ScoringConfig(model, inputs, batchSize, maxDelayMs, salt, window, minSamples, errorMargin, latencyMargin);
    }

    public List<String> inputNames() { return inputs.stream().map(InputFeature::name).toList(); }
}
