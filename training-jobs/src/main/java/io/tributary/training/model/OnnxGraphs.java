package io.tributary.training.model;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the served graph around Tribuo's export: raw features in (NaN for missing), missing values filled with the
 * training mean, standardization, P(true) out; no timestamps.
 */
final class OnnxGraphs {
    private OnnxGraphs() {}

    static OnnxMl.ModelProto wrap(OnnxMl.ModelProto tribuo, double[] mean, double[] std, int positiveIndex, ModelSpec spec) {
        OnnxMl.GraphProto g = tribuo.getGraph();
        String innerInput = g.getInput(0).getName();
        String innerOutput = g.getOutput(0).getName();
        int f = mean.length;

        OnnxMl.GraphProto.Builder graph = g.toBuilder().clearInput().clearOutput().clearNode();
        graph.addInput(tensorInfo(TribuoTrainer.INPUT, OnnxMl.TensorProto.DataType.FLOAT, "N", f));
        graph.addInitializer(floats("tributary_mean", mean));
        graph.addInitializer(floats("tributary_std", std));
        graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName("tributary_positive")
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addInt64Data(positiveIndex).build());
        // a missing value (NaN) is the training mean, as in training: after standardization it contributes 0
        graph.addNode(node("IsNaN", List.of(TribuoTrainer.INPUT), "tributary_missing"));
        graph.addNode(node("Where", List.of("tributary_missing", "tributary_mean", TribuoTrainer.INPUT), "tributary_filled"));
        graph.addNode(node("Sub", List.of("tributary_filled", "tributary_mean"), "tributary_centered"));
        graph.addNode(node("Div", List.of("tributary_centered", "tributary_std"), innerInput));
        graph.addAllNode(g.getNodeList());
        graph.addNode(node("Gather", List.of(innerOutput, "tributary_positive"), TribuoTrainer.OUTPUT).toBuilder()
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setI(1)
                        .setType(OnnxMl.AttributeProto.AttributeType.INT)).build());
        graph.addOutput(tensorInfo(TribuoTrainer.OUTPUT, OnnxMl.TensorProto.DataType.FLOAT, "N", -1));
        graph.setName(spec.name());

        return tribuo.toBuilder()
                .clearMetadataProps() // Tribuo's provenance holds training timestamps: the bytes would never repeat
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("tributary.features")
                        .setValue(String.join(",", spec.features())))
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("tributary.algorithm")
                        .setValue(spec.algorithm().name()))
                .setProducerName("tributary").setProducerVersion("0.1").setDocString("")
                .setGraph(graph).build();
    }

    private static OnnxMl.NodeProto node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName("tributary_" + op.toLowerCase() + "_" + output)
                .addAllInput(inputs).addOutput(output).build();
    }

    private static OnnxMl.TensorProto floats(String name, double[] values) {
        List<Float> data = new ArrayList<>();
        for (double v : values) data.add((float) v);
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addDims(values.length).addAllFloatData(data).build();
    }

    /** A tensor of [batch] or [batch, width] (width < 0: one dimension only). */
    private static OnnxMl.ValueInfoProto tensorInfo(String name, OnnxMl.TensorProto.DataType type, String batch, int width) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        if (width >= 0) shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }
}
