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
import java.util.Set;
import java.util.TreeSet;

/**
 * What an ONNX model expects, read by loading it in ONNX Runtime, and whether that matches the declared features.
 * Two conventions are accepted: one input per feature (named like the feature, shape [N] or [N, 1]), or one input
 * whose last dimension is the number of features, in the declared order (Tribuo's and sklearn's exports).
 */
public final class OnnxModels {
    private static final Set<String> NUMERIC = Set.of("FLOAT", "DOUBLE", "INT64", "INT32");

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

    /**
     * Checks the model's inputs against the declared features; returns them as the registry records them.
     *
     * @throws IllegalArgumentException naming what the model expects and what was declared
     */
    public static List<Map<String, Object>> checkSignature(byte[] onnx, List<String> features) {
        if (features.isEmpty()) throw new IllegalArgumentException("declare the model's features (--features a,b,c)");
        List<Input> inputs = inputs(onnx);
        if (inputs.size() == 1 && inputs.get(0).shape().length == 2 && !features.contains(inputs.get(0).name())) {
            Input in = inputs.get(0);
            if (!NUMERIC.contains(in.type())) {
                throw new IllegalArgumentException("input '" + in.name() + "' has type " + in.type() + "; Tributary feeds numeric features");
            }
            long width = in.shape()[1];
            if (width != -1 && width != features.size()) {
                throw new IllegalArgumentException("input '" + in.name() + "' takes " + width + " features per row, but "
                        + features.size() + " were declared: " + features);
            }
        } else {
            Set<String> names = new TreeSet<>();
            inputs.forEach(i -> names.add(i.name()));
            if (!names.equals(new TreeSet<>(features))) {
                throw new IllegalArgumentException("the model's inputs are " + inputs + " but the declared features are "
                        + features + "; declare one feature per input, or use a single [N, " + features.size() + "] input");
            }
            for (Input i : inputs) {
                boolean columnShape = i.shape().length == 1 || (i.shape().length == 2 && (i.shape()[1] == 1 || i.shape()[1] == -1));
                if (!NUMERIC.contains(i.type()) || !columnShape) {
                    throw new IllegalArgumentException("input '" + i.name() + "' is " + i.type() + Arrays.toString(i.shape())
                            + "; a per-feature input must be numeric with shape [N] or [N, 1]");
                }
            }
        }
        return inputs.stream().map(Input::toMap).toList();
    }
}
