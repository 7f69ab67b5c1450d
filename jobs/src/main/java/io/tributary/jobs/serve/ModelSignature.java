package io.tributary.jobs.serve;

import io.tributary.core.models.RegistryState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tensors an infer request of a model version takes: one per feature the version was registered with (its
 * {@code lineage.features}), named like it, shape {@code [-1]} (a row per element). Where the ONNX model has one
 * input per feature, that input's registered type and shape are shown; where it has one {@code [N, F]} input, its
 * element type with shape {@code [-1]}: the gateway sends features by name, and the scoring job assembles the row.
 * Such a model's single input ({@link #matrixInput}, e.g. {@code float_input}) is also accepted as one {@code [N, F]}
 * tensor whose columns are the features in order.
 */
record ModelSignature(List<Tensor> inputs, String matrixInput, List<Tensor> outputs) {
    /** A tensor's name, Open Inference Protocol datatype and shape. */
    record Tensor(String name, String datatype, List<Long> shape) {}

    /** The outputs of a version registered before output schemas were recorded: a binary classifier's. */
    static final List<Tensor> OUTPUTS = List.of(new Tensor("score", "FP64", List.of(-1L)),
            new Tensor("version", "INT64", List.of(-1L)), new Tensor("variant", "BYTES", List.of(-1L)));

    ModelSignature(List<Tensor> inputs) { this(inputs, null, OUTPUTS); }

    ModelSignature(List<Tensor> inputs, String matrixInput) { this(inputs, matrixInput, OUTPUTS); }

    List<String> names() { return inputs.stream().map(Tensor::name).toList(); }

    @SuppressWarnings("unchecked")
    static ModelSignature of(RegistryState.Version version) {
        var registered = version.registered();
        List<Map<String, Object>> onnxInputs = registered.inputs() == null ? List.of() : registered.inputs();
        Object declared = registered.lineage() == null ? null : registered.lineage().get("features");
        List<String> features = declared instanceof List<?> l ? (List<String>) l
                : onnxInputs.stream().map(i -> String.valueOf(i.get("name"))).toList();
        List<Tensor> tensors = new ArrayList<>();
        for (String f : features) {
            Map<String, Object> byName = onnxInputs.stream().filter(i -> f.equals(i.get("name"))).findFirst().orElse(null);
            Map<String, Object> source = byName != null ? byName : (onnxInputs.size() == 1 ? onnxInputs.get(0) : null);
            String type = source == null ? "DOUBLE" : String.valueOf(source.get("type"));
            List<Long> shape = byName != null ? ((List<Number>) byName.get("shape")).stream().map(Number::longValue).toList() : List.of(-1L);
            tensors.add(new Tensor(f, datatype(type), shape));
        }
        boolean matrix = onnxInputs.size() == 1 && !features.contains(String.valueOf(onnxInputs.get(0).get("name")));
        return new ModelSignature(List.copyOf(tensors), matrix ? String.valueOf(onnxInputs.get(0).get("name")) : null,
                outputs(registered.outputs()));
    }

    /**
     * What an infer response carries (see {@link InferOutputs}): {@code score} when the model has one, each output its
     * predictions carry (FP64, {@code [-1]} or {@code [-1, K]}), {@code version} and {@code variant}.
     */
    private static List<Tensor> outputs(List<Map<String, Object>> schema) {
        if (schema == null || schema.isEmpty()) return OUTPUTS;
        List<Tensor> out = new ArrayList<>();
        if (schema.stream().anyMatch(o -> o.get("score_column") != null)) out.add(OUTPUTS.get(0));
        for (Map<String, Object> o : schema) {
            if (!Boolean.TRUE.equals(o.get("carried")) || "score".equals(o.get("name"))) continue;
            int width = o.get("values_per_row") instanceof Number w ? w.intValue() : 1;
            out.add(new Tensor(String.valueOf(o.get("name")), "FP64", width == 1 ? List.of(-1L) : List.of(-1L, (long) width)));
        }
        out.add(OUTPUTS.get(1));
        out.add(OUTPUTS.get(2));
        return List.copyOf(out);
    }

    /** ONNX element type to the protocol's datatype name. */
    static String datatype(String onnxType) {
        return switch (onnxType) {
            case "FLOAT" -> "FP32";
            case "DOUBLE" -> "FP64";
            case "INT64" -> "INT64";
            case "INT32" -> "INT32";
            default -> onnxType;
        };
    }
}
