package io.tributary.inference.ab;

import io.tributary.inference.score.Prediction;
import io.tributary.inference.score.ScoringSerializers;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The A/B comparison is of a binary classifier's scores: predictions without a score are skipped, not dead-lettered. */
class ServingPredictionParserTest {
    @Test
    void skipsPredictionsWithoutAScore() throws Exception {
        var parser = new AbAnalysisJob.ServingPredictionParser();
        Prediction regression = new Prediction("k", 5, "m", 3, "champion", true, null, Map.of(), Map.of(), 0.25,
                Map.of("variable", new double[] {41.5}));
        assertThat(parser.parse("predictions.m", null, ScoringSerializers.toJson(regression))).isNull();
        Prediction binary = new Prediction("k", 5, "m", 3, "champion", true, 0.7, Map.of(), Map.of(), 0.25);
        assertThat(parser.parse("predictions.m", null, ScoringSerializers.toJson(binary)).score()).isEqualTo(0.7);
    }
}
