package io.tributary.training.job;

/** A request to retrain a model now (from drift alerts or an operator), on topic {@code models.retrain}. */
public record RetrainRequest(String model, String reason, long requestedAt) {}
