package io.tributary.core.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What registers, serves: the models of make_any_onnx_models.py load with their output schema, and each model the
 * scorer could not serve is refused with a message naming the input or output and the problem.
 */
class ServableModelTest {
    static final List<String> FEATURES = List.of("a", "b", "c");

    static byte[] model(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(ServableModelTest.class.getResourceAsStream("/models/" + name + ".onnx"), name)) {
            return in.readAllBytes();
        }
    }

    /** Servable models: the outputs carried with their values per row, and which one is the score. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "regression_linear_3f        | variable=1                          | ",
            "regression_matmul_double_3f | prediction=1                        | ",
            "multiclass_softmax_3f       | probabilities=4 label=1             | ",
            "zipmap_3class_3f            | output_label=1 output_probability=3 | ",
            "zipmap_2class_3f            | output_label=1 output_probability=2 | output_probability",
            "zipmap_string_labels_3f     | output_probability=2                | output_probability",
            "label_only_3f               | label=1                             | ",
            "int32_matrix_3f             | probability=1                       | probability",
            "per_feature_1d_3f           | y=1 embedding=2                     | ",
            "per_feature_int64_3f        | probability=1 logit=1               | probability",
            "dynamic_width               | y=1                                 | ",
            "sklearn_logreg_3f           | label=1 probabilities=2             | probabilities",
            "sklearn_forest_3f           | label=1 probabilities=2             | probabilities",
    })
    void servesWithItsOutputSchema(String name, String outputs, String score) throws Exception {
        try (ServableModel m = ServableModel.load(model(name), FEATURES)) {
            String carried = String.join(" ", m.outputs().stream().map(o -> o + "=" + m.valuesPerRow(o)).toList());
            assertThat(carried).isEqualTo(outputs);
            assertThat(m.hasScore()).isEqualTo(score != null);
            assertThat(m.outputSchema()).filteredOn(o -> o.containsKey("score_column"))
                    .extracting(o -> o.get("name")).containsExactlyElementsOf(score == null ? List.of() : List.of(score));
            ModelOutputs out = m.run(ServableModel.syntheticRows(3));
            assertThat(out.rows()).isEqualTo(3);
            assertThat(out.hasScore()).isEqualTo(score != null);
        }
    }

    @Test
    void recordsMapKeysAndTypes() throws Exception {
        OnnxModels.Signature s = OnnxModels.check(model("zipmap_3class_3f"), FEATURES);
        assertThat(s.inputs()).singleElement().satisfies(i -> assertThat(i).containsEntry("name", "X").containsEntry("type", "FLOAT"));
        assertThat(s.outputs()).hasSize(2);
        Map<String, Object> probabilities = s.outputs().get(1);
        assertThat(probabilities).containsEntry("name", "output_probability").containsEntry("type", "SEQUENCE<MAP<INT64,FLOAT>>")
                .containsEntry("carried", true).containsEntry("values_per_row", 3).containsEntry("keys", List.of(0L, 1L, 2L));
        assertThat(OnnxModels.check(model("zipmap_string_labels_3f"), FEATURES).outputs()).satisfiesExactly(
                label -> assertThat(label).containsEntry("name", "output_label").containsEntry("type", "STRING")
                        .containsEntry("carried", false).doesNotContainKey("values_per_row"),
                p -> assertThat(p).containsEntry("keys", List.of("late", "on_time")).containsEntry("score_column", 1));
        assertThat(OnnxModels.check(model("per_feature_1d_3f"), FEATURES).inputs()).extracting(i -> i.get("type"))
                .containsExactly("FLOAT", "INT32", "BOOL");
    }

    /** Each unservable model, with the features declared, and what the refusal must say. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dynamic_width           | a,b     | input 'X' is FLOAT[-1, -1]: its width is not in the model's signature, and the model does not take the 2 declared features per row",
            "unservable_string_input | category | input 'category' has element type STRING, which Tributary cannot feed",
            "unservable_string_label | a,b,c   | the model has no usable output: output 'label' is STRING[-1]",
            "unservable_batch_total  | a,b,c   | output 'total' has shape [] for a batch of 3 rows",
            "unservable_fixed_batch  | a,b,c   | input 'X' has a fixed batch dimension of 1 (shape [1, 3])",
            "unservable_rank3_input  | a,b,c   | input 'X' has shape [-1, 3, 2]; Tributary feeds [N], [N, 1] and [N, F] inputs",
            "per_feature_1d_3f       | a,b     | the model's inputs are [a:FLOAT[-1], b:INT32[-1], c:BOOL[-1]] but the declared features are [a, b]",
            "multiclass_softmax_3f   | a,b     | input 'X' takes 3 features per row, but 2 were declared: [a, b]",
    })
    void refusesWhatTheScorerCannotServe(String name, String features, String message) throws Exception {
        byte[] onnx = model(name);
        List<String> declared = Arrays.asList(features.split(","));
        assertThatThrownBy(() -> OnnxModels.check(onnx, declared)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anIntegerInputRefusesAMissingValue() throws Exception {
        try (ServableModel m = ServableModel.load(model("per_feature_1d_3f"), FEATURES)) {
            assertThatThrownBy(() -> m.run(new double[][] {{1, 2, 1}, {1, Double.NaN, 0}}))
                    .hasMessage("feature 'b' is missing in row 1, but input 'b' is INT32 and cannot hold a missing value (NaN)");
        }
    }
}
