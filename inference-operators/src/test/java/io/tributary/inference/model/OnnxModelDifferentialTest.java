package io.tributary.inference.model;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.tributary.core.models.ModelOutputs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Array;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * OnnxModel against ONNX Runtime called directly, for every servable model of make_any_onnx_models.py: the same rows
 * fed by hand (Java arrays of the model's own input types), every output compared by name to 1e-6.
 */
class OnnxModelDifferentialTest {
    private static final List<String> FEATURES = List.of("a", "b", "c");
    private static final int ROWS = 25;

    @ParameterizedTest
    @ValueSource(strings = {"regression_linear_3f", "regression_matmul_double_3f", "multiclass_softmax_3f", "zipmap_3class_3f",
            "zipmap_2class_3f", "zipmap_string_labels_3f", "label_only_3f", "int32_matrix_3f", "per_feature_1d_3f", "per_feature_int64_3f", "dynamic_width",
            "sklearn_logreg_3f", "sklearn_forest_3f"})
    void equalsOnnxRuntimeCalledDirectly(String name) throws Exception {
        byte[] onnx = bytes("models/" + name + ".onnx");
        boolean integral = name.startsWith("int32") || name.startsWith("per_feature");
        double[][] rows = rows(integral);
        Map<String, double[][]> direct = direct(onnx, name, rows);
        try (OnnxModel model = OnnxModel.load(onnx, FEATURES)) {
            ModelOutputs out = model.predict(rows);
            assertThat(out.values().keySet()).containsExactlyElementsOf(direct.keySet());
            direct.forEach((output, expected) -> {
                double[][] got = out.values().get(output);
                assertThat(got).as(output).hasNumberOfRows(ROWS);
                for (int i = 0; i < ROWS; i++) {
                    assertThat(got[i]).as("%s row %d", output, i).hasSize(expected[i].length);
                    for (int k = 0; k < expected[i].length; k++) {
                        assertThat(got[i][k]).as("%s row %d value %d", output, i, k).isCloseTo(expected[i][k], within(1e-6));
                    }
                }
            });
            if (model.hasScore()) {
                double[] score = model.score(rows);
                double[][] p = direct.getOrDefault("probability", direct.get(name.startsWith("zipmap") ? "output_probability" : "probabilities"));
                for (int i = 0; i < ROWS; i++) assertThat(score[i]).isCloseTo(p[i][p[i].length - 1], within(1e-6));
            }
        }
    }

    /** Random rows; integral values 0..2 for models with integer or bool inputs (column c is bool in per_feature_1d_3f). */
    private static double[][] rows(boolean integral) {
        Random r = new Random(13);
        double[][] x = new double[ROWS][3];
        for (double[] row : x) for (int j = 0; j < 3; j++) row[j] = integral ? r.nextInt(j == 2 ? 2 : 3) : r.nextGaussian();
        return x;
    }

    /** The model run by ONNX Runtime on inputs built by hand for each model's signature. */
    private static Map<String, double[][]> direct(byte[] onnx, String name, double[][] rows) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> in = new HashMap<>();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            int n = rows.length;
            switch (name) {
                case "regression_matmul_double_3f" -> in.put("X", OnnxTensor.createTensor(env, rows));
                case "int32_matrix_3f" -> {
                    int[][] x = new int[n][3];
                    for (int i = 0; i < n; i++) for (int j = 0; j < 3; j++) x[i][j] = (int) rows[i][j];
                    in.put("X", OnnxTensor.createTensor(env, x));
                }
                case "per_feature_1d_3f" -> {
                    float[] a = new float[n];
                    int[] b = new int[n];
                    boolean[] c = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = (float) rows[i][0];
                        b[i] = (int) rows[i][1];
                        c[i] = rows[i][2] != 0;
                    }
                    in.put("a", OnnxTensor.createTensor(env, a));
                    in.put("b", OnnxTensor.createTensor(env, b));
                    in.put("c", OnnxTensor.createTensor(env, c));
                }
                case "per_feature_int64_3f" -> {
                    for (int j = 0; j < 3; j++) {
                        long[][] col = new long[n][1];
                        for (int i = 0; i < n; i++) col[i][0] = (long) rows[i][j];
                        in.put(FEATURES.get(j), OnnxTensor.createTensor(env, col));
                    }
                }
                default -> {
                    float[][] x = new float[n][3];
                    for (int i = 0; i < n; i++) for (int j = 0; j < 3; j++) x[i][j] = (float) rows[i][j];
                    in.put("X", OnnxTensor.createTensor(env, x));
                }
            }
            Map<String, double[][]> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(in)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    // string tensors (a string class label) are not carried
                    if (!(e.getValue() instanceof OnnxTensor t && t.getInfo().type == ai.onnxruntime.OnnxJavaType.STRING)) {
                        out.put(e.getKey(), perRow(e.getValue(), n));
                    }
                }
            }
            return out;
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /** An output's value per row: a tensor's Java array, or a sequence of maps by key order. */
    private static double[][] perRow(OnnxValue v, int n) throws Exception {
        double[][] rows = new double[n][];
        if (v instanceof OnnxSequence s) {
            List<? extends OnnxValue> maps = s.getValue();
            for (int i = 0; i < n; i++) {
                TreeMap<Object, Object> m = new TreeMap<>(((OnnxMap) maps.get(i)).getValue());
                rows[i] = m.values().stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
            }
            return rows;
        }
        Object a = v.getValue();
        for (int i = 0; i < n; i++) {
            Object row = Array.get(a, i);
            if (row.getClass().isArray()) {
                rows[i] = new double[Array.getLength(row)];
                for (int k = 0; k < rows[i].length; k++) rows[i][k] = ((Number) Array.get(row, k)).doubleValue();
            } else {
                rows[i] = new double[] {((Number) row).doubleValue()};
            }
        }
        return rows;
    }

    private static byte[] bytes(String path) throws java.io.IOException {
        try (var in = Objects.requireNonNull(OnnxModelDifferentialTest.class.getClassLoader().getResourceAsStream(path), path)) {
            return in.readAllBytes();
        }
    }
}
