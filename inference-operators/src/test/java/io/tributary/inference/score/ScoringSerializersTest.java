package io.tributary.inference.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.event.PredictionJson;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The prediction record: outputs by name, and no score for a model without one; both pass the readers' contract. */
class ScoringSerializersTest {
    @Test
    void writesOutputsByNameAndNoScoreForAModelWithoutOne() throws Exception {
        Map<String, double[]> outputs = new LinkedHashMap<>();
        outputs.put("label", new double[] {2});
        outputs.put("probabilities", new double[] {0.1, 0.2, 0.7, Double.NaN});
        Prediction p = new Prediction("k", 5, "m", 3, "champion", true, null, Map.of("a", "PRESENT"), Map.of("a", 1.5), 0.25, outputs);
        JsonNode n = PredictionJson.parse(ScoringSerializers.toJson(p));
        assertThat(n.has("score")).isFalse();
        assertThat(n.get("outputs").get("label").asDouble()).isEqualTo(2.0);
        assertThat(n.get("outputs").get("probabilities").toString()).isEqualTo("[0.1,0.2,0.7,null]");

        Prediction binary = new Prediction("k", 5, "m", 3, "champion", true, 0.7, Map.of(), Map.of(), 0.25,
                Map.of("probabilities", new double[] {0.3, 0.7}));
        JsonNode b = PredictionJson.parse(ScoringSerializers.toJson(binary));
        assertThat(b.get("score").asDouble()).isEqualTo(0.7);
        assertThat(b.get("outputs").get("probabilities").toString()).isEqualTo("[0.3,0.7]");
    }
}
