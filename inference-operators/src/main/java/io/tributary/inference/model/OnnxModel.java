package io.tributary.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.tributary.core.models.OnnxModels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded ONNX model that scores rows of feature values (in the declared feature order) to the probability of the
 * positive class. Inputs are mapped at load time: one [N, F] input fed the features in order (Tribuo's and sklearn's
 * exports), or one input per feature, by name; each input's element type (float, double, int64) is honoured. The score
 * is the output named {@code probability} ([N] or [N, 1]), else the second column of a float [N, 2] output
 * (sklearn's {@code probabilities}), else a single float [N] output. Anything else is refused when the model loads,
 * with a message that says what the model has.
 *
 * <p>One instance per subtask: an ORT session is thread-safe but its buffers here are not shared.
 */
public final class OnnxModel implements AutoCloseable {
    private final OrtSession session;
    private final List<String> features;
    private final String[] inputNames;
    private final String[] inputTypes;
    private final boolean matrix;
    private final String output;
    private final int outputColumn;

    private OnnxModel(OrtSession session, List<String> features, String[] inputNames, String[] inputTypes, boolean matrix,
                      String output, int outputColumn) {
        this.session = session;
        this.features = features;
        this.inputNames = inputNames;
        this.inputTypes = inputTypes;
        this.matrix = matrix;
        this.output = output;
        this.outputColumn = outputColumn;
    }

    /**
     * Loads {@code onnx} for rows of {@code features}.
     *
     * @throws IllegalArgumentException when ONNX Runtime cannot load it, or its inputs or outputs do not fit
     */
    public static OnnxModel load(byte[] onnx, List<String> features) {
        OnnxModels.checkSignature(onnx, features);
        OrtSession session = null;
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1); // one session per subtask: Flink's parallelism is the parallelism
            session = OrtEnvironment.getEnvironment().createSession(onnx, options);
            Map<String, NodeInfo> in = session.getInputInfo();
            boolean matrix = in.size() == 1 && !features.contains(in.keySet().iterator().next());
            String[] names = matrix ? new String[] {in.keySet().iterator().next()} : features.toArray(String[]::new);
            String[] types = new String[names.length];
            for (int i = 0; i < names.length; i++) types[i] = ((TensorInfo) in.get(names[i]).getInfo()).type.name();
            Object[] out = scoreOutput(session.getOutputInfo());
            return new OnnxModel(session, List.copyOf(features), names, types, matrix, (String) out[0], (Integer) out[1]);
        } catch (OrtException | RuntimeException e) {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // the load failed anyway
                }
            }
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    private static Object[] scoreOutput(Map<String, NodeInfo> outputs) {
        NodeInfo named = outputs.get("probability");
        if (named != null && named.getInfo() instanceof TensorInfo t && isFloat(t) && (t.getShape().length == 1
                || (t.getShape().length == 2 && t.getShape()[1] == 1))) {
            return new Object[] {"probability", 0};
        }
        for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t && isFloat(t) && t.getShape().length == 2 && t.getShape()[1] == 2) {
                return new Object[] {e.getKey(), 1};
            }
        }
        List<Map.Entry<String, NodeInfo>> vectors = outputs.entrySet().stream()
                .filter(e -> e.getValue().getInfo() instanceof TensorInfo t && isFloat(t) && t.getShape().length == 1).toList();
        if (vectors.size() == 1) return new Object[] {vectors.get(0).getKey(), 0};
        StringBuilder have = new StringBuilder();
        outputs.forEach((k, v) -> have.append(have.isEmpty() ? "" : ", ").append(k).append(':').append(v.getInfo()));
        throw new IllegalArgumentException("cannot find the model's score among its outputs [" + have + "]: expected "
                + "'probability' float [N], a float [N, 2] class-probability output, or a single float [N] output");
    }

    private static boolean isFloat(TensorInfo t) {
        return t.type == OnnxJavaType.FLOAT || t.type == OnnxJavaType.DOUBLE;
    }

    /** The features a row holds, in order. */
    public List<String> features() { return features; }

    /**
     * Scores {@code rows} ({@code rows[i][j]}: feature j of row i; NaN for a missing value, which the model must
     * handle, as Tributary's exports do) to one probability per row.
     */
    public double[] score(double[][] rows) throws OrtException {
        int n = rows.length;
        int f = features.size();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            if (matrix) {
                inputs.put(inputNames[0], tensor(env, inputTypes[0], rows, -1, n, f));
            } else {
                for (int j = 0; j < f; j++) inputs.put(inputNames[j], tensor(env, inputTypes[j], rows, j, n, 1));
            }
            try (OrtSession.Result result = session.run(inputs, java.util.Set.of(output))) {
                return read(result.get(0), n);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, String type, double[][] rows, int column, int n, int width) throws OrtException {
        long[] shape = {n, width};
        switch (type) {
            case "FLOAT" -> {
                FloatBuffer b = FloatBuffer.allocate(n * width);
                for (double[] r : rows) {
                    if (column >= 0) b.put((float) r[column]);
                    else for (double v : r) b.put((float) v);
                }
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case "DOUBLE" -> {
                DoubleBuffer b = DoubleBuffer.allocate(n * width);
                for (double[] r : rows) {
                    if (column >= 0) b.put(r[column]);
                    else b.put(r);
                }
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            case "INT64" -> {
                LongBuffer b = LongBuffer.allocate(n * width);
                for (double[] r : rows) {
                    if (column >= 0) b.put(Math.round(r[column]));
                    else for (double v : r) b.put(Math.round(v));
                }
                return OnnxTensor.createTensor(env, b.flip(), shape);
            }
            default -> throw new IllegalStateException("unsupported input type " + type); // refused by checkSignature
        }
    }

    private double[] read(OnnxValue value, int n) throws OrtException {
        Object v = value.getValue();
        double[] out = new double[n];
        if (v instanceof float[] a) for (int i = 0; i < n; i++) out[i] = a[i];
        else if (v instanceof double[] a) System.arraycopy(a, 0, out, 0, n);
        else if (v instanceof float[][] a) for (int i = 0; i < n; i++) out[i] = a[i][outputColumn];
        else if (v instanceof double[][] a) for (int i = 0; i < n; i++) out[i] = a[i][outputColumn];
        else throw new IllegalStateException("unexpected output " + v.getClass());
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
