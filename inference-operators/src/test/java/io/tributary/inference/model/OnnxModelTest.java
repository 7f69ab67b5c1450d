package io.tributary.inference.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OnnxModelTest {
    private static final List<String> FEATURES = List.of("a", "b", "c");

    /** Models written from fitted sklearn models with Debian's python3-onnx (make_sklearn_models.py): ORT = predict_proba. */
    @ParameterizedTest
    @ValueSource(strings = {"sklearn_logreg_3f", "sklearn_forest_3f"})
    void scoresSklearnModelsAsPredictProba(String name) throws Exception {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resource("models/" + name + ".expected.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        double[][] x = rows.stream().map(v -> Arrays.copyOf(v, 3)).toArray(double[][]::new);
        try (OnnxModel model = OnnxModel.load(bytes("models/" + name + ".onnx"), FEATURES)) {
            double[] p = model.score(x);
            assertThat(p).hasSize(rows.size());
            for (int i = 0; i < p.length; i++) assertThat(p[i]).as("row %d", i).isCloseTo(rows.get(i)[3], within(1e-6));
            // a batch scores each row as it would alone
            assertThat(model.score(new double[][] {x[3]})[0]).isEqualTo(p[3]);
        }
    }

    @Test
    void refusesATruncatedModelAndAWrongWidth() throws Exception {
        byte[] onnx = bytes("models/sklearn_logreg_3f.onnx");
        assertThatThrownBy(() -> OnnxModel.load(Arrays.copyOf(onnx, onnx.length / 2), FEATURES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot load");
        assertThatThrownBy(() -> OnnxModel.load(onnx, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 3 features per row, but 2 were declared");
    }

    private static java.io.InputStream resource(String path) {
        return Objects.requireNonNull(OnnxModelTest.class.getClassLoader().getResourceAsStream(path), path);
    }

    private static byte[] bytes(String path) throws java.io.IOException {
        try (var in = resource(path)) {
            return in.readAllBytes();
        }
    }
}
