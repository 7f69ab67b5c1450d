package io.tributary.core.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How rows of declared features feed an ONNX model's inputs. Two conventions: one input per feature, named like the
 * feature, shaped [N] or [N, 1]; or one input [N, F] (or [N] for a single feature) fed the features in the declared
 * order (Tribuo's and sklearn's exports). Element types float, double, int32, int64 and bool are fed (an integer
 * input gets the value rounded, a bool input gets value != 0); the batch dimension must be dynamic.
 */
public final class InputFeed {
    static final Set<OnnxJavaType> FED = EnumSet.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT32,
            OnnxJavaType.INT64, OnnxJavaType.BOOL);

    /** One model input: its element type, rank (1 or 2), and the feature columns it takes, in order. */
    record Slot(String input, OnnxJavaType type, int rank, int[] columns) {}

    private final List<String> features;
    private final List<Slot> slots;

    private InputFeed(List<String> features, List<Slot> slots) {
        this.features = List.copyOf(features);
        this.slots = List.copyOf(slots);
    }

    /**
     * Maps {@code features} to the model's inputs.
     *
     * @throws IllegalArgumentException naming the input and what is wrong with it
     */
    public static InputFeed bind(Map<String, NodeInfo> inputs, List<String> features) {
        if (features.isEmpty()) throw new IllegalArgumentException("declare the model's features (--features a,b,c)");
        List<Slot> slots = new ArrayList<>();
        String only = inputs.size() == 1 ? inputs.keySet().iterator().next() : null;
        if (only != null && !features.contains(only)) {
            TensorInfo t = tensor(only, inputs.get(only));
            long[] shape = t.getShape();
            if (shape.length == 1 && features.size() != 1) {
                throw new IllegalArgumentException("input '" + only + "' is " + describe(t) + ": one value per row, but "
                        + features.size() + " features were declared: " + features);
            }
            if (shape.length == 2 && shape[1] != -1 && shape[1] != features.size()) {
                throw new IllegalArgumentException("input '" + only + "' takes " + shape[1] + " features per row, but "
                        + features.size() + " were declared: " + features);
            }
            int[] all = new int[features.size()];
            Arrays.setAll(all, i -> i);
            slots.add(slot(only, t, all));
        } else {
            Set<String> names = new TreeSet<>(inputs.keySet());
            if (!names.equals(new TreeSet<>(features)) || features.size() != names.size()) {
                throw new IllegalArgumentException("the model's inputs are " + describe(inputs) + " but the declared features are "
                        + features + "; declare one feature per input, or use a single [N, " + features.size() + "] input");
            }
            for (int j = 0; j < features.size(); j++) {
                String name = features.get(j);
                TensorInfo t = tensor(name, inputs.get(name));
                long[] shape = t.getShape();
                if (shape.length == 2 && shape[1] != 1 && shape[1] != -1) {
                    throw new IllegalArgumentException("input '" + name + "' is " + describe(t)
                            + "; a per-feature input has shape [N] or [N, 1]");
                }
                slots.add(slot(name, t, new int[] {j}));
            }
        }
        return new InputFeed(features, slots);
    }

    private static TensorInfo tensor(String name, NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo t)) {
            throw new IllegalArgumentException("input '" + name + "' is " + node.getInfo() + "; Tributary feeds tensors");
        }
        if (!FED.contains(t.type)) {
            throw new IllegalArgumentException("input '" + name + "' has element type " + t.type
                    + ", which Tributary cannot feed; it feeds float, double, int32, int64 and bool inputs");
        }
        long[] shape = t.getShape();
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException("input '" + name + "' has shape " + Arrays.toString(shape)
                    + "; Tributary feeds [N], [N, 1] and [N, F] inputs");
        }
        if (shape[0] != -1) {
            throw new IllegalArgumentException("input '" + name + "' has a fixed batch dimension of " + shape[0]
                    + " (shape " + Arrays.toString(shape) + "); the scorer sends batches of any size: export the model "
                    + "with a dynamic first dimension");
        }
        return t;
    }

    private static Slot slot(String name, TensorInfo t, int[] columns) {
        return new Slot(name, t.type, t.getShape().length, columns);
    }

    static String describe(TensorInfo t) {
        return t.type + Arrays.toString(t.getShape());
    }

    private static String describe(Map<String, NodeInfo> inputs) {
        StringBuilder b = new StringBuilder("[");
        inputs.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append(':')
                .append(v.getInfo() instanceof TensorInfo t ? describe(t) : String.valueOf(v.getInfo())));
        return b.append(']').toString();
    }

    public List<String> features() { return features; }

    /**
     * The model's inputs for {@code rows} ({@code rows[i][j]}: feature j of row i). NaN (a missing value) is fed
     * as NaN to a float or double input; an integer or bool input cannot hold it, so the batch is refused.
     * The caller closes the tensors.
     */
    public Map<String, OnnxTensor> tensors(OrtEnvironment env, double[][] rows) throws OrtException {
        Map<String, OnnxTensor> out = new LinkedHashMap<>();
        try {
            for (Slot s : slots) out.put(s.input(), tensor(env, s, rows));
        } catch (OrtException | RuntimeException e) {
            out.values().forEach(OnnxTensor::close);
            throw e;
        }
        return out;
    }

    private OnnxTensor tensor(OrtEnvironment env, Slot s, double[][] rows) throws OrtException {
        int n = rows.length;
        int w = s.columns().length;
        long[] shape = s.rank() == 1 ? new long[] {n} : new long[] {n, w};
        switch (s.type()) {
            case FLOAT -> {
                FloatBuffer b = FloatBuffer.allocate(n * w);
                for (double[] r : rows) for (int c : s.columns()) b.put((float) r[c]);
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case DOUBLE -> {
                DoubleBuffer b = DoubleBuffer.allocate(n * w);
                for (double[] r : rows) for (int c : s.columns()) b.put(r[c]);
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case INT32 -> {
                IntBuffer b = IntBuffer.allocate(n * w);
                for (int i = 0; i < n; i++) for (int c : s.columns()) b.put(Math.toIntExact(Math.round(whole(s, rows, i, c))));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case INT64 -> {
                LongBuffer b = LongBuffer.allocate(n * w);
                for (int i = 0; i < n; i++) for (int c : s.columns()) b.put(Math.round(whole(s, rows, i, c)));
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case BOOL -> {
                boolean[][] b = new boolean[n][w];
                for (int i = 0; i < n; i++) for (int k = 0; k < w; k++) b[i][k] = whole(s, rows, i, s.columns()[k]) != 0;
                if (s.rank() == 2) return OnnxTensor.createTensor(env, b);
                boolean[] flat = new boolean[n];
                for (int i = 0; i < n; i++) flat[i] = b[i][0];
                return OnnxTensor.createTensor(env, flat);
            }
            default -> throw new IllegalStateException("unsupported input type " + s.type()); // refused by bind
        }
    }

    private double whole(Slot s, double[][] rows, int i, int c) {
        double v = rows[i][c];
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("feature '" + features.get(c) + "' is missing in row " + i + ", but input '"
                    + s.input() + "' is " + s.type() + " and cannot hold a missing value (NaN)");
        }
        return v;
    }
}
