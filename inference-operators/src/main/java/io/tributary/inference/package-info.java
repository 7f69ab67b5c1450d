/** Tributary Inference operators: embedded ONNX Runtime scoring in Flink. */
package io.tributary.inference;
