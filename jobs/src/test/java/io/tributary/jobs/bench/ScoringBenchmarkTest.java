package io.tributary.jobs.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScoringBenchmarkTest {
    private static final long MS = 1_000_000L;

    @Test
    void slowEventsLessThan100MsApartAreOneStallEpisode() {
        // sent at 0, 30, 90 ms (one episode), 1000, 1050 ms (a second), 2000 ms (a third); given out of order
        List<long[]> slow = List.of(new long[] {1050 * MS, 25_000}, new long[] {0, 40_000}, new long[] {2000 * MS, 21_000},
                new long[] {90 * MS, 30_000}, new long[] {30 * MS, 35_000}, new long[] {1000 * MS, 22_000});
        List<Long> starts = ScoringBenchmark.episodeStarts(slow);
        assertThat(starts).containsExactly(0L, 1000 * MS, 2000 * MS);
        assertThat(ScoringBenchmark.medianSpacing(starts)).isEqualTo(1000.0 * MS);
        assertThat(ScoringBenchmark.medianSpacing(List.of(0L, 300 * MS, 1300 * MS, 1600 * MS))).isEqualTo(300.0 * MS);
    }

    @Test
    void readsThePredictionsInJobLatency() {
        byte[] prediction = ("{\"key\":\"l1\",\"inputs\":{\"x0\":0.5},\"latency_ms\":3.25}").getBytes(StandardCharsets.UTF_8);
        assertThat(ScoringBenchmark.inJobMillis(prediction)).isEqualTo(3.25);
        assertThat(ScoringBenchmark.inJobMillis("{\"latency_ms\":1.5E-4}".getBytes(StandardCharsets.UTF_8))).isEqualTo(1.5e-4);
    }
}
