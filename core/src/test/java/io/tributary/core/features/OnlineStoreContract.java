package io.tributary.core.features;

import io.tributary.core.redis.RedisConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The online store contract on a real redis-server and on a real 3-node Redis Cluster: compare-and-set writes and
 * TTL-aware reads.
 */
abstract class OnlineStoreContract {
    abstract String uri();

    static final FeatureViewInfo ORIGIN = new FeatureViewInfo("origin_1h", "v1", "events.flights", List.of("origin"),
            "TUMBLE(3600000)", List.of(new FeatureViewInfo.Feature("departures", "LONG", "COUNT", ""),
            new FeatureViewInfo.Feature("mean_delay", "DOUBLE", "AVG", "")), Duration.ofHours(2), "ops", "");
    static final FeatureViewInfo ROUTE = new FeatureViewInfo("route_24h", "v1", "events.flights",
            List.of("origin", "destination"), "TUMBLE(86400000)",
            List.of(new FeatureViewInfo.Feature("late_rate", "DOUBLE", "RATE", "")), Duration.ZERO, "ops", "");
    static final long HOUR = 3_600_000L;
    static final long NOW = 978_400_000_000L;

    static long write(RedisConnection r, String view, String entity, long windowEnd, long count, String... fields) throws Exception {
        String[] args = new String[3 + 8 + fields.length];
        args[0] = String.valueOf(windowEnd);
        args[1] = String.valueOf(count);
        args[2] = "0";
        String[] meta = {OnlineStoreLayout.WINDOW_START, String.valueOf(windowEnd - HOUR), OnlineStoreLayout.WINDOW_END,
                String.valueOf(windowEnd), OnlineStoreLayout.EVENT_COUNT, String.valueOf(count), OnlineStoreLayout.VERSION, "v1"};
        System.arraycopy(meta, 0, args, 3, meta.length);
        System.arraycopy(fields, 0, args, 11, fields.length);
        var f = r.async().eval(OnlineStoreLayout.COMPARE_AND_SET_SCRIPT,
                new String[] {OnlineStoreLayout.key("tributary", view, entity)}, args);
        r.flush();
        return f.get(5, TimeUnit.SECONDS);
    }

    @org.junit.jupiter.api.BeforeEach
    void seed() throws Exception {
        try (RedisConnection r = RedisConnection.connect(uri())) {
            assertThat(write(r, "origin_1h", "ORD", NOW - HOUR, 10, "departures", "10", "mean_delay", "12.5")).isEqualTo(1);
            // an older window never overwrites a newer one; an earlier firing of the same window neither
            assertThat(write(r, "origin_1h", "ORD", NOW - 2 * HOUR, 99, "departures", "99")).isZero();
            assertThat(write(r, "origin_1h", "ORD", NOW - HOUR, 9, "departures", "9")).isZero();
            assertThat(write(r, "origin_1h", "ATL", NOW - 5 * HOUR, 3, "departures", "3")).isEqualTo(1);
            assertThat(write(r, "route_24h", "ORD|LAX", NOW - 30 * 24 * HOUR, 4, "late_rate", "0.25")).isEqualTo(1);
        }
    }

    @Test
    void readsManyEntitiesAndViewsInOneCallWithStatuses() {
        try (FeatureStoreClient client = new FeatureStoreClient(uri(), "tributary", List.of(ORIGIN, ROUTE))) {
            List<Map<String, FeatureValue>> rows = client.getOnlineFeatures(
                    List.of("origin_1h:departures", "origin_1h:mean_delay", "route_24h:late_rate"),
                    List.of(Map.of("origin", "ORD", "destination", "LAX"), Map.of("origin", "ATL", "destination", "LAX"),
                            Map.of("origin", "XXX", "destination", "YYY")),
                    Instant.ofEpochMilli(NOW));
            assertThat(rows.get(0).get("origin_1h:departures")).isEqualTo(new FeatureValue("10", FeatureStatus.PRESENT, NOW - HOUR));
            assertThat(rows.get(0).get("origin_1h:mean_delay").asDouble()).isEqualTo(12.5);
            // TTL 0 means unbounded: a month-old value is still present
            assertThat(rows.get(0).get("route_24h:late_rate").status()).isEqualTo(FeatureStatus.PRESENT);
            // ATL's window ended 5 h ago, the view's TTL is 2 h
            assertThat(rows.get(1).get("origin_1h:departures").status()).isEqualTo(FeatureStatus.OUTSIDE_MAX_AGE);
            assertThat(rows.get(1).get("origin_1h:departures").value()).isEqualTo("3");
            // written without mean_delay (null), and ATL|LAX never written
            assertThat(rows.get(1).get("origin_1h:mean_delay").status()).isEqualTo(FeatureStatus.NOT_FOUND);
            assertThat(rows.get(1).get("route_24h:late_rate")).isEqualTo(FeatureValue.NOT_FOUND);
            assertThat(rows.get(2).values()).allMatch(v -> v.status() == FeatureStatus.NOT_FOUND);
        }
    }

    @Test
    void oneViewByEntityStrings() {
        try (FeatureStoreClient client = new FeatureStoreClient(uri(), "tributary", List.of(ORIGIN, ROUTE))) {
            Map<String, Map<String, FeatureValue>> r = client.getOnlineFeatures("origin_1h", List.of(), List.of("ORD", "ATL"),
                    Instant.ofEpochMilli(NOW));
            assertThat(r.get("ORD").keySet()).containsExactly("departures", "mean_delay");
            assertThat(r.get("ATL").get("departures").status()).isEqualTo(FeatureStatus.OUTSIDE_MAX_AGE);
        }
    }

    @Test
    void badReferencesNameTheProblem() {
        try (FeatureStoreClient client = new FeatureStoreClient(uri(), "tributary", List.of(ORIGIN))) {
            assertThatThrownBy(() -> client.getOnlineFeatures(List.of("origin_1h"), List.of(Map.of("origin", "ORD"))))
                    .hasMessage("a feature reference looks like 'view:feature', got 'origin_1h'");
            assertThatThrownBy(() -> client.getOnlineFeatures(List.of("nope:x"), List.of(Map.of("origin", "ORD"))))
                    .hasMessageContaining("unknown feature view 'nope'");
            assertThatThrownBy(() -> client.getOnlineFeatures(List.of("origin_1h:nope"), List.of(Map.of("origin", "ORD"))))
                    .hasMessageContaining("view origin_1h has no feature 'nope'");
            assertThatThrownBy(() -> client.getOnlineFeatures(List.of("origin_1h:departures"), List.of(Map.of("dest", "ORD"))))
                    .hasMessageContaining("view origin_1h needs entity key 'origin'");
        }
    }
}
