package io.tributary.core.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an ONNX model expects, read by loading it in ONNX Runtime, and whether the scorer can serve it with the
 * declared features ({@link #check}): the conventions are {@link InputFeed}'s and {@link ServableModel}'s.
 */
public final class OnnxModels {
    private OnnxModels() {}

    /** One model input: name, element type (FLOAT, DOUBLE, INT64, STRING, ...) and shape (-1 for any). */
    public record Input(String name, String type, long[] shape) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("type", type);
            m.put("shape", Arrays.stream(shape).boxed().toList());
            return m;
        }

        @Override public String toString() { return name + ":" + type + Arrays.toString(shape); }
    }

    /**
     * Loads the model and lists its inputs.
     *
     * @throws IllegalArgumentException when ONNX Runtime cannot load it (corrupt, truncated, not ONNX)
     */
    public static List<Input> inputs(byte[] onnx) {
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions())) {
            List<Input> out = new ArrayList<>();
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                ValueInfo info = e.getValue().getInfo();
                if (info instanceof TensorInfo t) out.add(new Input(e.getKey(), t.type.name(), t.getShape()));
                else out.add(new Input(e.getKey(), info.getClass().getSimpleName(), new long[0]));
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** What the registry records of a model: its inputs and its outputs (see {@link ServableModel#outputSchema()}). */
    public record Signature(List<Map<String, Object>> inputs, List<Map<String, Object>> outputs) {}

    /**
     * Checks that the scorer can serve the model with the declared features: it loads, the features map to its
     * inputs ({@link InputFeed}), it has a usable output, and a trial inference on synthetic rows succeeds with one
     * row of output per row ({@link ServableModel}).
     *
     * @throws IllegalArgumentException naming the input or output and the problem
     */
    public static Signature check(byte[] onnx, List<String> features) {
        if (features.isEmpty()) throw new IllegalArgumentException("declare the model's features (--features a,b,c)");
        try (ServableModel model = ServableModel.load(onnx, features)) {
            return new Signature(inputs(onnx).stream().map(Input::toMap).toList(), model.outputSchema());
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("closing an ONNX Runtime session failed", e);
        }
    }

    /** {@link #check}, returning the inputs only. */
    public static List<Map<String, Object>> checkSignature(byte[] onnx, List<String> features) {
        return check(onnx, features).inputs();
    }
}
