package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The infer response's tensors for a binary classifier, a regression and a multi-class model, as HTTP writes them. */
class InferOutputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBinaryClassifierAnswersItsScoreAndItsOutputs() throws Exception {
        JsonNode body = HttpApi.inferResponse(result(
                row(0.8, "{\"label\": 1, \"probabilities\": [0.2, 0.8]}"), row(0.3, "{\"label\": 0, \"probabilities\": [0.7, 0.3]}")));
        assertThat(names(body)).containsExactly("score", "label", "probabilities", "version", "variant");
        assertThat(output(body, "score").get("data").toString()).isEqualTo("[0.8,0.3]");
        assertThat(output(body, "probabilities").get("shape").toString()).isEqualTo("[2,2]");
        assertThat(output(body, "probabilities").get("data").toString()).isEqualTo("[0.2,0.8,0.7,0.3]");
    }

    @Test
    void aRegressionAnswersItsValueWithoutAScore() throws Exception {
        JsonNode body = HttpApi.inferResponse(result(row(Double.NaN, "{\"variable\": 3.5}"), row(Double.NaN, "{\"variable\": null}")));
        assertThat(names(body)).containsExactly("variable", "version", "variant");
        assertThat(output(body, "variable").get("shape").toString()).isEqualTo("[2]");
        assertThat(output(body, "variable").get("data").toString()).isEqualTo("[3.5,null]");
    }

    @Test
    void aMultiClassModelAnswersItsProbabilitiesAsARowPerRequestRow() throws Exception {
        JsonNode body = HttpApi.inferResponse(result(row(Double.NaN, "{\"label\": 2, \"probabilities\": [0.1, 0.2, 0.7]}")));
        assertThat(names(body)).containsExactly("label", "probabilities", "version", "variant");
        assertThat(output(body, "probabilities").get("shape").toString()).isEqualTo("[1,3]");
        assertThat(output(body, "label").get("data").toString()).isEqualTo("[2.0]");
    }

    private static InferenceGateway.RowPrediction row(double score, String outputs) throws Exception {
        return new InferenceGateway.RowPrediction(score, 1, "champion", JSON.readTree(outputs));
    }

    private static InferenceGateway.InferResult result(InferenceGateway.RowPrediction... rows) {
        return new InferenceGateway.InferResult("req", null, "m", List.of(rows));
    }

    private static List<String> names(JsonNode body) {
        return body.get("outputs").findValuesAsText("name");
    }

    private static JsonNode output(JsonNode body, String name) {
        for (JsonNode o : body.get("outputs")) if (o.get("name").asText().equals(name)) return o;
        throw new AssertionError("no output " + name + " in " + body);
    }
}
