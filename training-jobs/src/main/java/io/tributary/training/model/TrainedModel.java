package io.tributary.training.model;

/** A trained model as ONNX bytes (input "features" float[N, F], output probabilities), and its hash. */
public record TrainedModel(ModelSpec spec, byte[] onnx, String sha256, double[] means, double[] stds) {}
