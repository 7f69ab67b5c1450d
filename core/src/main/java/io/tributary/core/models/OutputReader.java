package io.tributary.core.models;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an ONNX model's outputs, each by name, into {@link ModelOutputs}. Carried: numeric and bool tensors with one
 * row per input row ([N], [N, K], [N, ...] flattened per row), and sequences of maps with numeric keys and values
 * (sklearn's ZipMap class probabilities, values in the order of the keys, as sklearn orders its classes). String
 * tensors are listed by the signature but not carried.
 */
final class OutputReader {
    private static final Set<OnnxJavaType> NUMERIC = EnumSet.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE,
            OnnxJavaType.INT8, OnnxJavaType.UINT8, OnnxJavaType.INT16, OnnxJavaType.INT32, OnnxJavaType.INT64, OnnxJavaType.BOOL);

    private final List<String> carried;
    /** The keys of each map output, in value order (learnt from the trial). */
    private final Map<String, List<Object>> mapKeys = new LinkedHashMap<>();

    private OutputReader(List<String> carried) {
        this.carried = List.copyOf(carried);
    }

    /**
     * The outputs that can be carried.
     *
     * @throws IllegalArgumentException when none can, naming each output and its type
     */
    static OutputReader of(Map<String, NodeInfo> outputs) {
        List<String> carried = new ArrayList<>();
        for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) if (carriable(e.getValue())) carried.add(e.getKey());
        if (carried.isEmpty()) {
            StringBuilder have = new StringBuilder();
            outputs.forEach((k, v) -> have.append(have.isEmpty() ? "" : ", ").append("output '").append(k).append("' is ")
                    .append(describe(v)));
            throw new IllegalArgumentException("the model has no usable output: " + have + "; Tributary carries numeric "
                    + "or bool tensors and sequences of maps to numbers (class probabilities), not string tensors");
        }
        return new OutputReader(carried);
    }

    private static boolean carriable(NodeInfo n) {
        if (n.getInfo() instanceof TensorInfo t) return NUMERIC.contains(t.type);
        if (n.getInfo() instanceof SequenceInfo s && s.isSequenceOfMaps()) {
            MapInfo m = s.mapInfo;
            return NUMERIC.contains(m.valueType); // keys: class labels, numbers or strings
        }
        return false;
    }

    static String describe(NodeInfo n) {
        if (n.getInfo() instanceof TensorInfo t) return InputFeed.describe(t);
        if (n.getInfo() instanceof SequenceInfo s && s.isSequenceOfMaps()) {
            return "SEQUENCE<MAP<" + s.mapInfo.keyType + "," + s.mapInfo.valueType + ">>";
        }
        return String.valueOf(n.getInfo());
    }

    /** The names of the outputs carried, in the model's order. */
    List<String> carried() { return carried; }

    /** The keys of a map output as first read, or null. */
    List<Object> keys(String output) { return mapKeys.get(output); }

    /**
     * Reads the carried outputs of a batch of {@code n} rows.
     *
     * @throws IllegalArgumentException when an output has not one row per input row, or a map's keys change
     */
    Map<String, double[][]> read(OrtSession.Result result, int n) throws OrtException {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String name : carried) {
            OnnxValue v = result.get(name).orElseThrow(() -> new IllegalStateException("output '" + name + "' was not computed"));
            out.put(name, v instanceof OnnxTensor t ? tensor(name, t, n) : maps(name, (OnnxSequence) v, n));
        }
        return out;
    }

    private static double[][] tensor(String name, OnnxTensor t, int n) {
        long[] shape = t.getInfo().getShape();
        if (shape.length == 0 || shape[0] != n) {
            throw new IllegalArgumentException("output '" + name + "' has shape " + Arrays.toString(shape) + " for a batch of "
                    + n + " rows; Tributary carries outputs with one row per input row ([N], [N, K])");
        }
        long size = t.getInfo().getNumElements();
        int width = n == 0 ? 0 : (int) (size / n);
        double[] flat = new double[(int) size];
        switch (t.getInfo().type) {
            case FLOAT -> { var b = t.getFloatBuffer(); for (int i = 0; i < flat.length; i++) flat[i] = b.get(i); }
            case DOUBLE -> { var b = t.getDoubleBuffer(); for (int i = 0; i < flat.length; i++) flat[i] = b.get(i); }
            case INT64 -> { var b = t.getLongBuffer(); for (int i = 0; i < flat.length; i++) flat[i] = b.get(i); }
            case INT32 -> { var b = t.getIntBuffer(); for (int i = 0; i < flat.length; i++) flat[i] = b.get(i); }
            case INT16 -> { var b = t.getShortBuffer(); for (int i = 0; i < flat.length; i++) flat[i] = b.get(i); }
            case INT8, UINT8, BOOL -> {
                ByteBuffer b = t.getByteBuffer();
                boolean unsigned = t.getInfo().type != OnnxJavaType.INT8;
                for (int i = 0; i < flat.length; i++) flat[i] = unsigned ? Byte.toUnsignedInt(b.get(i)) : b.get(i);
            }
            default -> throw new IllegalStateException("output '" + name + "' is " + t.getInfo().type); // not carried
        }
        double[][] rows = new double[n][width];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * width, rows[i], 0, width);
        return rows;
    }

    private double[][] maps(String name, OnnxSequence seq, int n) throws OrtException {
        List<? extends OnnxValue> items = seq.getValue();
        if (items.size() != n) {
            throw new IllegalArgumentException("output '" + name + "' holds " + items.size() + " maps for a batch of " + n
                    + " rows; Tributary carries one map per input row");
        }
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            Map<?, ?> m = ((OnnxMap) items.get(i)).getValue();
            TreeMap<Object, Object> sorted = new TreeMap<>(m); // the value order is the key order (sklearn's classes_)
            List<Object> keys = new ArrayList<>(sorted.keySet());
            List<Object> known = mapKeys.putIfAbsent(name, keys);
            if (known != null && !known.equals(keys)) {
                throw new IllegalArgumentException("output '" + name + "' has keys " + keys + " in row " + i + ", but " + known + " before");
            }
            rows[i] = sorted.values().stream().mapToDouble(x -> x instanceof Boolean b ? (b ? 1 : 0) : ((Number) x).doubleValue()).toArray();
        }
        return rows;
    }
}
