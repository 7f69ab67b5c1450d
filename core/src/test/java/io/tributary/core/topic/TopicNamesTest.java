package io.tributary.core.topic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicNamesTest {
    @Test
    void namesFollowTheContract() {
        assertThat(TopicNames.events("flights")).isEqualTo("events.flights");
        assertThat(TopicNames.labels("flights")).isEqualTo("labels.flights");
        assertThat(TopicNames.features("origin_stats")).isEqualTo("features.origin_stats");
        assertThat(TopicNames.lateEvents("origin_stats")).isEqualTo("late.origin_stats");
        assertThat(TopicNames.predictions("flights_delay")).isEqualTo("predictions.flights_delay");
        assertThat(TopicNames.DEAD_LETTERS).isEqualTo("deadletter");
        assertThat(TopicNames.MODEL_REGISTRY).isEqualTo("models.registry");
    }

    @Test
    void illegalNamesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> TopicNames.events("a b")).hasMessageContaining("'events.a b' may only contain");
        assertThatThrownBy(() -> TopicNames.events("")).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> TopicNames.validate("x".repeat(250))).hasMessageContaining("longer than 249");
        assertThatThrownBy(() -> TopicNames.validate("..")).hasMessageContaining("reserved");
    }
}
