package io.tributary.inference.sql;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.tributary.testing.FlinkMiniCluster;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.tributary.inference.sql.SqlModels.assertScores;
import static io.tributary.inference.sql.SqlModels.bytes;
import static io.tributary.inference.sql.SqlModels.expected;
import static io.tributary.inference.sql.SqlModels.featureView;
import static io.tributary.inference.sql.SqlModels.messages;
import static io.tributary.inference.sql.SqlModels.scores;
import static io.tributary.inference.sql.SqlModels.tableEnv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** ML_PREDICT with {@code 'provider' = 'onnx'} on .onnx files, in an embedded Flink (MiniCluster). */
class OnnxModelProviderTest {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    private static Path write(Path dir, String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** sklearn's predict_proba, to 1e-6, through CREATE MODEL + ML_PREDICT, for a linear model and a tree ensemble. */
    @ParameterizedTest
    @ValueSource(strings = {"sklearn_logreg_3f", "sklearn_forest_3f"})
    void scoresAsSklearnPredictProba(String name, @TempDir Path dir) throws Exception {
        Path file = write(dir, name + ".onnx", bytes("models/" + name + ".onnx"));
        List<double[]> rows = expected(name);
        TableEnvironment env = tableEnv();
        featureView(env, "t", rows);
        env.executeSql("CREATE MODEL m INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (p DOUBLE) "
                + "WITH ('provider' = 'onnx', 'path' = '" + file + "')");
        assertScores(scores(env, "SELECT id, p FROM ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(x0, x1, x2))"), rows);
    }

    /** A file URI, a FLOAT output, feature columns of other names and types (cast by the provider), NULL as NaN. */
    @Test
    void takesAUriAFloatOutputOtherColumnTypesAndNulls(@TempDir Path dir) throws Exception {
        Path file = write(dir, "m.onnx", bytes("models/sklearn_logreg_3f.onnx"));
        List<double[]> rows = expected("sklearn_logreg_3f");
        TableEnvironment env = tableEnv();
        featureView(env, "t", rows);
        env.executeSql("CREATE MODEL m INPUT (a DOUBLE, b DOUBLE, c DOUBLE) OUTPUT (score FLOAT) "
                + "WITH ('provider' = 'onnx', 'path' = '" + file.toUri() + "', 'features' = 'f0, f1, f2')");
        var got = scores(env, "SELECT id, score FROM ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(x0, x1, x2))");
        for (int i = 0; i < rows.size(); i++) assertThat(got.get(i)).as("row %d", i).isCloseTo(rows.get(i)[3], within(1e-6));

        // INT and DECIMAL table columns into DOUBLE inputs; a NULL feature is NaN for the model, the row still scores
        env.executeSql("CREATE MODEL m2 INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (p DOUBLE) "
                + "WITH ('provider' = 'onnx', 'path' = '" + file + "')");
        env.executeSql("CREATE TEMPORARY VIEW ints AS SELECT * FROM (VALUES (0, 1, CAST(0.5 AS DECIMAL(5, 2)), CAST(-1.0 AS DOUBLE)), "
                + "(1, 0, CAST(NULL AS DECIMAL(5, 2)), CAST(NULL AS DOUBLE))) AS v(id, x0, x1, x2)");
        List<Row> out = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(
                "SELECT id, p FROM ML_PREDICT(TABLE ints, MODEL m2, DESCRIPTOR(x0, x1, x2))").collect()) {
            it.forEachRemaining(out::add);
        }
        assertThat(out).hasSize(2);
        try (var model = io.tributary.inference.model.OnnxModel.load(bytes("models/sklearn_logreg_3f.onnx"), List.of("a", "b", "c"))) {
            double[] p = model.score(new double[][] {{1, 0.5, -1}, {0, Double.NaN, Double.NaN}});
            for (Row r : out) {
                int id = (Integer) r.getField(0);
                Double v = (Double) r.getField(1);
                if (Double.isNaN(p[id])) assertThat(v).isNaN();
                else assertThat(v).isCloseTo(p[id], within(1e-9));
            }
        }
    }

    /**
     * Outputs as columns by name, against ONNX Runtime called directly to 1e-6: a regression model (one value per
     * row) and a multi-class model (the argmax label as BIGINT, the softmax probabilities as ARRAY<DOUBLE>).
     */
    @Test
    void outputsByNameEqualOnnxRuntimeCalledDirectly(@TempDir Path dir) throws Exception {
        List<double[]> rows = expected("sklearn_logreg_3f");
        TableEnvironment env = tableEnv();
        featureView(env, "t", rows);
        Path regression = write(dir, "r.onnx", bytes("models/regression_linear_3f.onnx"));
        Path multiclass = write(dir, "m.onnx", bytes("models/multiclass_softmax_3f.onnx"));
        env.executeSql("CREATE MODEL r INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (variable DOUBLE) "
                + "WITH ('provider' = 'onnx', 'path' = '" + regression + "')");
        env.executeSql("CREATE MODEL m INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (label BIGINT, probabilities ARRAY<DOUBLE>) "
                + "WITH ('provider' = 'onnx', 'path' = '" + multiclass + "')");
        Map<String, float[][]> r = direct(bytes("models/regression_linear_3f.onnx"), rows);
        Map<String, float[][]> m = direct(bytes("models/multiclass_softmax_3f.onnx"), rows);
        int n = 0;
        try (CloseableIterator<Row> it = env.executeSql("SELECT t.id, r.variable, m.label, m.probabilities FROM "
                + "ML_PREDICT(TABLE t, MODEL r, DESCRIPTOR(x0, x1, x2)) AS r JOIN "
                + "ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(x0, x1, x2)) AS m ON r.id = m.id JOIN t ON t.id = r.id").collect()) {
            for (; it.hasNext(); n++) {
                Row row = it.next();
                int id = (Integer) row.getField(0);
                assertThat((Double) row.getField(1)).as("variable %d", id).isCloseTo(r.get("variable")[id][0], within(1e-6));
                assertThat((Long) row.getField(2)).as("label %d", id).isEqualTo((long) m.get("label")[id][0]);
                Double[] p = (Double[]) row.getField(3);
                assertThat(p).hasSize(4);
                for (int k = 0; k < 4; k++) assertThat(p[k]).as("p%d of %d", k, id).isCloseTo(m.get("probabilities")[id][k], within(1e-6));
            }
        }
        assertThat(n).isEqualTo(rows.size());

        env.executeSql("CREATE MODEL m2 INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (p DOUBLE) "
                + "WITH ('provider' = 'onnx', 'path' = '" + multiclass + "')");
        assertThatThrownBy(() -> scores(env, "SELECT id, p FROM ML_PREDICT(TABLE t, MODEL m2, DESCRIPTOR(x0, x1, x2))"))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(msg -> assertThat(msg).endsWith(
                        "OUTPUT (p DOUBLE) must name the model's outputs, which are probabilities (4 values per row), "
                                + "label (1 value per row); an output with several values per row is an ARRAY<DOUBLE> column")));
    }

    /** A float [N, 3] model run by ONNX Runtime on the rows' x0, x1, x2: each output as float[row][value]. */
    private static Map<String, float[][]> direct(byte[] onnx, List<double[]> rows) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] x = new float[rows.size()][3];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < 3; j++) x[i][j] = (float) rows.get(i)[j];
        Map<String, float[][]> out = new java.util.HashMap<>();
        try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions()); OnnxTensor t = OnnxTensor.createTensor(env, x);
             OrtSession.Result result = s.run(Map.of("X", t))) {
            for (Map.Entry<String, OnnxValue> e : result) {
                Object v = e.getValue().getValue();
                float[][] rowsOut = new float[x.length][];
                for (int i = 0; i < x.length; i++) {
                    rowsOut[i] = v instanceof float[][] f ? f[i] : new float[] {v instanceof long[] l ? l[i] : ((float[]) v)[i]};
                }
                out.put(e.getKey(), rowsOut);
            }
        }
        return out;
    }

    @Test
    void refusesATruncatedModelFile(@TempDir Path dir) throws Exception {
        byte[] onnx = bytes("models/sklearn_logreg_3f.onnx");
        Path file = write(dir, "truncated.onnx", Arrays.copyOf(onnx, onnx.length / 2));
        TableEnvironment env = tableEnv();
        featureView(env, "t", expected("sklearn_logreg_3f"));
        env.executeSql("CREATE MODEL m INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (p DOUBLE) "
                + "WITH ('provider' = 'onnx', 'path' = '" + file + "')");
        assertThatThrownBy(() -> scores(env, "SELECT id, p FROM ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(x0, x1, x2))"))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m)
                        .contains("the model file " + file).contains("ONNX Runtime cannot load the model")));
    }

    @Test
    void refusesInputThatDoesNotFitTheModel(@TempDir Path dir) throws Exception {
        Path file = write(dir, "m.onnx", bytes("models/sklearn_logreg_3f.onnx"));
        TableEnvironment env = tableEnv();
        featureView(env, "t", expected("sklearn_logreg_3f"));
        env.executeSql("CREATE MODEL m INPUT (x0 DOUBLE, x1 DOUBLE) OUTPUT (p DOUBLE) "
                + "WITH ('provider' = 'onnx', 'path' = '" + file + "')");
        assertThatThrownBy(() -> scores(env, "SELECT id, p FROM ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(x0, x1))"))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m)
                        .contains("does not fit INPUT (x0 DOUBLE, x1 DOUBLE)")
                        .contains("input 'X' takes 3 features per row, but 2 were declared: [x0, x1]")));
    }

    @Test
    void refusesWrongOptionsAndOutputs(@TempDir Path dir) throws Exception {
        Path file = write(dir, "m.onnx", bytes("models/sklearn_logreg_3f.onnx"));
        TableEnvironment env = tableEnv();
        featureView(env, "t", expected("sklearn_logreg_3f"));
        String in = "INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) ";
        String[][] cases = {
                {"OUTPUT (p DOUBLE) WITH ('provider' = 'onnx')", "set either 'model'", "found neither"},
                {"OUTPUT (p DOUBLE) WITH ('provider' = 'onnx', 'path' = '" + file + "', 'model' = 'x', "
                        + "'registry.bootstrap-servers' = 'localhost:1')", "set either 'model'", "not both"},
                {"OUTPUT (p STRING) WITH ('provider' = 'onnx', 'path' = '" + file + "')",
                        "must name the model's outputs, which are label (1 value per row), probabilities (2 values per row)", "p STRING"},
                {"OUTPUT (p DOUBLE, q DOUBLE) WITH ('provider' = 'onnx', 'path' = '" + file + "')",
                        "or be one DOUBLE column (the probability of the positive class)", "q DOUBLE"},
                {"OUTPUT (p DOUBLE) WITH ('provider' = 'onnx', 'path' = '" + file + "', 'alias' = 'champion')",
                        "'alias' applies to a registry model", "not to 'path'"},
                {"OUTPUT (p DOUBLE) WITH ('provider' = 'onnx', 'path' = '" + dir.resolve("missing.onnx") + "')",
                        "cannot read the model file", "missing.onnx"},
                {"OUTPUT (p DOUBLE) WITH ('provider' = 'onnx', 'model' = 'x')",
                        "'model' needs 'registry.bootstrap-servers'", "model registry"},
                {"OUTPUT (p DOUBLE) WITH ('provider' = 'onnx', 'path' = '" + file + "', 'featurs' = 'a')",
                        "Unsupported options", "featurs"},
        };
        for (int i = 0; i < cases.length; i++) {
            String[] c = cases[i];
            env.executeSql("CREATE MODEL bad" + i + " " + in + c[0]);
            String query = "SELECT id, p FROM ML_PREDICT(TABLE t, MODEL bad" + i + ", DESCRIPTOR(x0, x1, x2))";
            assertThatThrownBy(() -> scores(env, query)).as(c[0])
                    .satisfies(e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains(c[1]).contains(c[2])));
        }
    }
}
