package io.tributary.core.event;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeJoinTest {
    @Test
    void theLabelIsABooleanOrAPositiveNumber() {
        assertThat(OutcomeJoin.label(Map.of("late", true), "late")).isTrue();
        assertThat(OutcomeJoin.label(Map.of("late", false), "late")).isFalse();
        assertThat(OutcomeJoin.label(Map.of("late", 1), "late")).isTrue();
        assertThat(OutcomeJoin.label(Map.of("late", 0.0), "late")).isFalse();
        assertThat(OutcomeJoin.label(Map.of("late", -2L), "late")).isFalse();
        assertThat(OutcomeJoin.label(Map.of("late", "yes"), "late")).isFalse();
    }

    @Test
    void anEventWithoutTheFieldIsNotAnOutcome() {
        assertThat(OutcomeJoin.label(Map.of("delay", 12), "late")).isNull();
        Map<String, Object> nullValue = new HashMap<>();
        nullValue.put("late", null);
        assertThat(OutcomeJoin.label(nullValue, "late")).isNull();
    }
}
