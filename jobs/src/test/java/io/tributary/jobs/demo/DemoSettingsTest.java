package io.tributary.jobs.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.TreeSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoSettingsTest {
    private static DemoSettings settings(String from, String to, int warmupDays) {
        return new DemoSettings(null, LocalDate.parse(from), LocalDate.parse(to), 0, Path.of("r.html"), false, 10, 5, warmupDays, 1440);
    }

    @Test
    void servingStartsAfterTheWarmUp() {
        assertThat(settings("2001-01-01", "2001-02-12", 7).servingFrom()).isEqualTo(LocalDate.parse("2001-01-08"));
    }

    @Test
    void aSliceWithNothingLeftToServeIsRefused() {
        assertThatThrownBy(() -> settings("2001-01-01", "2001-01-08", 7)).hasMessageContaining("--warmup-days (7) must leave at least one day");
        assertThatThrownBy(() -> settings("2001-01-08", "2001-01-01", 1)).hasMessageContaining("--to (2001-01-01) must be after --from");
    }

    @Test
    void versionListsJoinConsecutiveRuns() {
        assertThat(DemoRun.versions(new TreeSet<>(List.of(1)))).isEqualTo("v1");
        assertThat(DemoRun.versions(new TreeSet<>(List.of(2, 3, 4, 5)))).isEqualTo("v2-v5");
        assertThat(DemoRun.versions(new TreeSet<>(List.of(1, 3, 4, 5, 9)))).isEqualTo("v1, v3-v5, v9");
        assertThat(DemoRun.versions(new TreeSet<>())).isEmpty();
    }
}
