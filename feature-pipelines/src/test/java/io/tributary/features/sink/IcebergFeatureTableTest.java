package io.tributary.features.sink;

import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The offline table of a view, on a real Iceberg Hadoop catalog in a temporary directory. */
class IcebergFeatureTableTest {
    static FeatureView.Builder view() {
        return FeatureView.builder("origin_1h").source("events.flights").entityKeys("origin")
                .window(WindowSpec.tumbling(Duration.ofHours(1))).feature("departures", Aggregation.COUNT, null, "");
    }

    @Test
    void aSecondJobOfTheSameViewReusesTheTableAChangedViewIsRefused(@TempDir Path dir) {
        String warehouse = dir.toUri().toString();
        var created = IcebergFeatureTable.ensure(warehouse, view().build());
        var again = IcebergFeatureTable.ensure(warehouse, view().description("same computation").build());
        assertThat(again.location()).isEqualTo(created.location());
        assertThat(created.spec().fields()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo("window_end_day"));
        assertThatThrownBy(() -> IcebergFeatureTable.ensure(warehouse, view().feature("mean", Aggregation.AVG, "delay", "").build()))
                .hasMessageContaining("exists with columns").hasMessageContaining("give the changed view a new name");
    }
}
