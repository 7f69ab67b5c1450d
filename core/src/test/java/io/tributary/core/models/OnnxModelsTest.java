package io.tributary.core.models;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A model made by scikit-learn (Debian's python3-sklearn + python3-onnx): its signature, and its scores vs predict_proba. */
class OnnxModelsTest {
    @Test
    void readsTheSignatureAndScoresLikeSklearn() throws Exception {
        byte[] onnx = ModelRegistryITCase.sklearnModel();
        assertThat(OnnxModels.inputs(onnx)).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("X");
            assertThat(i.type()).isEqualTo("FLOAT");
            assertThat(i.shape()).containsExactly(-1, 3);
        });
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions());
             BufferedReader r = new BufferedReader(new InputStreamReader(
                     OnnxModelsTest.class.getResourceAsStream("/models/sklearn_logreg_3f.expected.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            int rows = 0;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",");
                float[][] x = {{Float.parseFloat(f[0]), Float.parseFloat(f[1]), Float.parseFloat(f[2])}};
                try (OnnxTensor t = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), x);
                     OrtSession.Result out = session.run(Map.of("X", t))) {
                    float[][] p = (float[][]) out.get("probabilities").orElseThrow().getValue();
                    assertThat((double) p[0][1]).isCloseTo(Double.parseDouble(f[3]), within(1e-6));
                }
                rows++;
            }
            assertThat(rows).isEqualTo(20);
        }
    }

    @Test
    void perFeatureInputsMustBeNamedLikeTheFeatures() throws Exception {
        byte[] onnx = ModelRegistryITCase.sklearnModel();
        assertThatThrownBy(() -> OnnxModels.checkSignature(onnx, List.of())).hasMessageContaining("declare the model's features");
        assertThat(OnnxModels.checkSignature(onnx, List.of("x0", "x1", "x2"))).hasSize(1);
        assertThatThrownBy(() -> OnnxModels.checkSignature(onnx, List.of("X", "y")))
                .hasMessageContaining("the model's inputs are [X:FLOAT[-1, 3]] but the declared features are [X, y]");
    }
}
