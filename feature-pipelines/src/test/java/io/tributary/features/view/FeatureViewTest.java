package io.tributary.features.view;

import io.tributary.features.aggregate.Aggregation;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureViewTest {
    private static FeatureView.Builder base() {
        return FeatureView.builder("origin_1h").source("events.flights").entityKeys("origin")
                .window(WindowSpec.tumbling(Duration.ofHours(1)))
                .feature("departures", Aggregation.COUNT, null, "flights");
    }

    @Test
    void versionChangesWithTheComputationOnly() {
        String v = base().build().version();
        assertThat(base().ttl(Duration.ofHours(3)).owner("x").description("d").build().version()).isEqualTo(v);
        assertThat(base().allowedLateness(Duration.ofMinutes(1)).build().version()).isNotEqualTo(v);
        assertThat(base().feature("mean", Aggregation.AVG, "delay", "").build().version()).isNotEqualTo(v);
        assertThat(FeatureView.builder("origin_1h").source("events.flights").entityKeys("origin")
                .window(WindowSpec.hopping(Duration.ofHours(1), Duration.ofMinutes(15)))
                .feature("departures", Aggregation.COUNT, null, "").build().version()).isNotEqualTo(v);
    }

    @Test
    void invalidDefinitionsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> base().feature("departures", Aggregation.SUM, "x", "").build())
                .hasMessage("view origin_1h: name 'departures' is used twice");
        assertThatThrownBy(() -> base().feature("window_end", Aggregation.MAX, "x", "").build())
                .hasMessageContaining("reserved column name");
        assertThatThrownBy(() -> base().feature("mean", Aggregation.AVG, null, "").build())
                .hasMessage("view origin_1h: feature 'mean' (AVG) needs an input field");
        assertThatThrownBy(() -> base().feature("Bad-Name", Aggregation.COUNT, null, "").build())
                .hasMessageContaining("must match [a-z][a-z0-9_]*");
        assertThatThrownBy(() -> FeatureView.builder("v").source("events.x").window(WindowSpec.tumbling(Duration.ofHours(1))).build())
                .hasMessage("view v has no features");
        assertThatThrownBy(() -> WindowSpec.hopping(Duration.ofMinutes(10), Duration.ofMinutes(20)))
                .hasMessageContaining("slide must be positive and at most its size");
    }
}
