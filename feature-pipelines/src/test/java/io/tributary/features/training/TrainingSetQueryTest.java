package io.tributary.features.training;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingSetQueryTest {
    @Test
    void ttlsBecomeMillisecondExactIntervalTermsOfAtMost99Days() {
        assertThat(TrainingSetQuery.Builder.minus(Duration.ofMillis(7_200_001)))
                .isEqualTo(" - INTERVAL '0 02:00:00.001' DAY TO SECOND(3)");
        assertThat(TrainingSetQuery.Builder.minus(Duration.ofDays(100).plusSeconds(61)))
                .isEqualTo(" - INTERVAL '99 00:00:00.000' DAY TO SECOND(3) - INTERVAL '1 00:01:01.000' DAY TO SECOND(3)");
        assertThat(TrainingSetQuery.Builder.minus(Duration.ZERO)).isEmpty();
    }

    @Test
    void aJoinWithoutFeaturesOrNoJoinAtAllIsRejected() {
        assertThatThrownBy(() -> TrainingSetQuery.builder("labels", "id", "ts").build())
                .hasMessage("a training set needs at least one feature join");
        assertThatThrownBy(() -> TrainingSetQuery.builder("labels", "id", "ts")
                .join(TrainingSetQuery.FeatureJoin.of("f").on("k", "k")).build())
                .hasMessage("join of f lists no features");
    }
}
