package io.tributary.drift.job;

import io.tributary.core.drift.Profile;
import io.tributary.core.drift.WindowProfile;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A model without a score (regression, multi-class): its inputs are profiled for drift, its score is not. */
class PredictionsWithoutAScoreTest {
    private static final String HEAD = "{\"key\":\"k\",\"event_time\":1,\"model\":\"m\",\"version\":2,\"variant\":\"champion\","
            + "\"decision\":true,\"inputs\":{\"a\":1.5}";

    @Test
    void profilesTheInputsAndNoScore() throws Exception {
        DriftRecords.Served regression = new PredictionsSchema().parse("predictions.m", null,
                (HEAD + ",\"outputs\":{\"variable\":40.5}}").getBytes(StandardCharsets.UTF_8));
        assertThat(regression.score()).isNaN();
        DriftRecords.Served binary = new PredictionsSchema().parse("predictions.m", null,
                (HEAD + ",\"score\":0.25}").getBytes(StandardCharsets.UTF_8));
        assertThat(binary.score()).isEqualTo(0.25);

        WindowEvaluation.Aggregate aggregate = new WindowEvaluation.Aggregate();
        WindowProfile p = aggregate.add(regression, aggregate.createAccumulator());
        assertThat(p.numericFeatures()).containsExactly("a");
        p = aggregate.add(binary, p);
        assertThat(p.numericFeatures()).containsExactlyInAnyOrder("a", Profile.SCORE);
        assertThat(p.numeric(Profile.SCORE).count()).isEqualTo(1);
    }
}
