package io.tributary.inference.score;

import java.io.Serializable;

/**
 * Something serving refused or undid, on {@code models.alerts}: a version that could not be loaded (artefact
 * checksum, ONNX Runtime, inputs the job cannot assemble) while the previous one kept serving, or a canary rolled back.
 */
public record ServingAlert(String model, Integer version, String alias, String kind, String reason, long at) implements Serializable {}
