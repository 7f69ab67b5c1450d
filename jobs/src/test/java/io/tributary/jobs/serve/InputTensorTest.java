package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Infer request tensors: what is accepted and the message that names the input and the problem otherwise. */
class InputTensorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelSignature ABC = new ModelSignature(List.of(new ModelSignature.Tensor("a", "FP32", List.of(-1L)),
            new ModelSignature.Tensor("b", "FP32", List.of(-1L)), new ModelSignature.Tensor("c", "FP32", List.of(-1L))));

    @Test
    void acceptsColumnsAsFlatOrNestedData() throws Exception {
        Map<String, double[]> columns = InputTensor.columns(InputTensor.fromJson(JSON.readTree("""
                {"inputs": [{"name": "a", "shape": [2], "datatype": "FP64", "data": [1, 2]},
                            {"name": "b", "shape": [2, 1], "datatype": "FP32", "data": [[3], [4]]},
                            {"name": "c", "shape": [2], "datatype": "INT64", "data": [5, 6]}]}""")), ABC, 10);
        assertThat(columns.keySet()).containsExactly("a", "b", "c");
        assertThat(columns.get("b")).containsExactly(3, 4);
        assertThat(columns.get("c")).containsExactly(5, 6);
    }

    @Test
    void acceptsTheModelsOwnMatrixInputAsColumns() throws Exception {
        ModelSignature matrix = new ModelSignature(ABC.inputs(), "float_input");
        Map<String, double[]> columns = InputTensor.columns(InputTensor.fromJson(JSON.readTree(
                body(tensor("float_input", "[2, 3]", "FP32", "[[1, 2, 3], [4, 5, 6]]")))), matrix, 10);
        assertThat(columns.get("a")).containsExactly(1, 4);
        assertThat(columns.get("c")).containsExactly(3, 6);
        assertThatThrownBy(() -> InputTensor.columns(InputTensor.fromJson(JSON.readTree(
                body(tensor("float_input", "[3, 2]", "FP32", "[1, 2, 3, 4, 5, 6]")))), matrix, 10))
                .hasMessageContaining("input 'float_input' has shape [3, 2]; it takes [N, 3] (columns [a, b, c])");
    }

    @Test
    void namesTheInputAndTheProblem() {
        assertRefused(body(tensor("a", "[1]", "FP64", "[true]")), "input 'a': element 0 is true, not a number");
        assertRefused(body(tensor("a", "[2]", "FP64", "[1, 2]"), tensor("b", "[1]", "FP64", "[1]")),
                "input 'b' has 1 rows but the other inputs have 2");
        assertRefused(body(tensor("a", "[2, 3]", "FP64", "[1, 2, 3, 4, 5, 6]")), "input 'a' has shape [2, 3]; it takes [N] or [N, 1]");
        assertRefused(body(tensor("a", "[3]", "FP64", "[1, 2]")), "input 'a' has shape [3] but 2 elements");
        assertRefused(body(tensor("a", "[1]", "BYTES", "[1]")), "input 'a' has datatype 'BYTES'");
        assertRefused(body(tensor("z", "[1]", "FP64", "[1]")), "input 'z' is not an input of the model; its inputs are [a, b, c]");
        assertRefused(body(tensor("a", "[1]", "FP64", "[1]")), "input 'b' is missing; the model takes [a, b, c]");
        String eleven = "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]";
        assertRefused(body(tensor("a", "[11]", "FP64", eleven), tensor("b", "[11]", "FP64", eleven), tensor("c", "[11]", "FP64", eleven)),
                "the inputs have 11 rows; at most 10");
        assertRefused("{\"instances\": []}", "\"inputs\" must be a non-empty array");
    }

    private static String tensor(String name, String shape, String datatype, String data) {
        return "{\"name\": \"" + name + "\", \"shape\": " + shape + ", \"datatype\": \"" + datatype + "\", \"data\": " + data + "}";
    }

    private static String body(String... tensors) { return "{\"inputs\": [" + String.join(", ", tensors) + "]}"; }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> InputTensor.columns(InputTensor.fromJson(JSON.readTree(json)), ABC, 10))
                .isInstanceOfSatisfying(ServeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ServeException.Kind.INVALID);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
