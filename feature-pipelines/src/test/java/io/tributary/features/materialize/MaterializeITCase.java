package io.tributary.features.materialize;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.pipeline.FeatureViewPipeline;
import io.tributary.features.sink.OfflineRows;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import io.tributary.testing.FlightsSlice;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redis loses its data; materialize restores it from the Iceberg table the same pipeline run wrote: exactly the
 * newest row per entity not older than the view's TTL, hash for hash as the pipeline wrote it, never over a newer row.
 */
class MaterializeITCase {
    @RegisterExtension @Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @Order(2) static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension @Order(3) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    static final Duration TTL = Duration.ofHours(3);
    static final FeatureView VIEW = FeatureView.builder("origin_1h")
            .source("events.flights").entityKeys("origin").window(WindowSpec.tumbling(Duration.ofHours(1)))
            .maxOutOfOrderness(Duration.ofMinutes(5))
            .feature("departures", Aggregation.COUNT, null, "")
            .feature("mean_delay", Aggregation.AVG, "delay", "")
            .feature("late_rate", Aggregation.RATE, "late", "")
            .feature("destinations", Aggregation.DISTINCT_COUNT, "destination", "")
            .feature("last_destination", Aggregation.LAST, "destination", "")
            .ttl(TTL).build();
    static final String PREFIX = OnlineStoreLayout.key("tributary", VIEW.name(), "");

    @Test
    void restoresTheNewestUnexpiredRowPerEntityAsThePipelineWroteIt() throws Exception {
        String warehouse = Files.createTempDirectory("materialize").toUri().toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        FeatureViewPipeline.backfill(env, VIEW, env.fromData(FlightsSlice.events(), TypeInformation.of(EventEnvelope.class)),
                new FeatureViewPipeline.SinkTargets(KAFKA.bootstrapServers(), REDIS.uri(), "tributary", warehouse));
        env.execute("pipeline");

        List<Map<String, Object>> offline = OfflineRows.read(warehouse, VIEW);
        long lastEnd = offline.stream().mapToLong(r -> (Long) r.get("window_end")).max().orElseThrow();
        Instant asOf = Instant.ofEpochMilli(lastEnd);

        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> redis = c.sync();
            Map<String, Map<String, String>> pipelineWrote = snapshot(redis);
            assertThat(pipelineWrote).hasSizeGreaterThan(50);
            redis.flushall(); // Redis lost its data

            // oracle: newest row per entity from the offline rows, kept when not older than the TTL
            Map<String, Map<String, Object>> newest = newestPerEntity(offline, asOf);
            Map<String, Map<String, Object>> fresh = newest.entrySet().stream()
                    .filter(e -> (Long) e.getValue().get("window_end") >= asOf.toEpochMilli() - TTL.toMillis())
                    .collect(Collectors.toMap(e -> PREFIX + e.getKey(), Map.Entry::getValue));
            assertThat(fresh.size()).as("some entities are fresh, some expired").isBetween(1, newest.size() - 1);

            OnlineStoreMaterializer.Result r = OnlineStoreMaterializer.materialize(warehouse, VIEW.info(), REDIS.uri(), "tributary", asOf);
            Map<String, Map<String, String>> restored = snapshot(redis);
            assertThat(restored.keySet()).isEqualTo(fresh.keySet());
            for (String key : restored.keySet()) assertThat(restored.get(key)).as(key).isEqualTo(pipelineWrote.get(key));
            assertThat(r).isEqualTo(new OnlineStoreMaterializer.Result(offline.size(), newest.size(), fresh.size(),
                    newest.size() - fresh.size(), 0));
            System.out.println("materialize: " + r);

            // as of an earlier time: each entity's newest row with window_end <= as-of, and never over a newer window
            redis.flushall();
            Instant earlier = asOf.minus(Duration.ofHours(10));
            Map<String, Map<String, Object>> newestEarlier = newestPerEntity(offline, earlier);
            String ord = PREFIX + "ORD";
            redis.hset(ord, Map.of(OnlineStoreLayout.WINDOW_END, String.valueOf(asOf.toEpochMilli()), OnlineStoreLayout.EVENT_COUNT, "1", "departures", "999"));
            OnlineStoreMaterializer.Result rEarlier = OnlineStoreMaterializer.materialize(warehouse, VIEW.info(), REDIS.uri(), "tributary", earlier);
            assertThat(rEarlier.keptNewer()).isEqualTo(1);
            assertThat(redis.hget(ord, "departures")).isEqualTo("999");
            Map<String, Map<String, String>> restoredEarlier = snapshot(redis);
            long expectedRows = offline.stream().filter(x -> (Long) x.get("window_end") <= earlier.toEpochMilli()).count();
            assertThat(rEarlier.rowsRead()).isEqualTo(expectedRows);
            for (Map.Entry<String, Map<String, Object>> e : newestEarlier.entrySet()) {
                Map<String, String> hash = restoredEarlier.get(PREFIX + e.getKey());
                boolean expired = (Long) e.getValue().get("window_end") < earlier.toEpochMilli() - TTL.toMillis();
                if (e.getKey().equals("ORD")) continue;
                if (expired) {
                    assertThat(hash).as(e.getKey()).isNull();
                } else {
                    assertThat(hash.get(OnlineStoreLayout.WINDOW_END)).as(e.getKey()).isEqualTo(e.getValue().get("window_end").toString());
                    assertThat(hash.get(OnlineStoreLayout.EVENT_COUNT)).as(e.getKey()).isEqualTo(e.getValue().get("event_count").toString());
                }
            }
            assertThat(restoredEarlier).hasSize((int) (rEarlier.written() + rEarlier.keptNewer()));
        } finally {
            client.shutdown();
        }

        assertThatThrownBy(() -> OnlineStoreMaterializer.materialize(warehouse, FeatureView.builder("nope").source("events.x")
                .window(WindowSpec.tumbling(Duration.ofHours(1))).feature("n", Aggregation.COUNT, null, "").build().info(),
                REDIS.uri(), "tributary", asOf)).hasMessageStartingWith("view nope has no offline table features.nope in the warehouse");
    }

    private static Map<String, Map<String, Object>> newestPerEntity(List<Map<String, Object>> rows, Instant asOf) {
        Comparator<Map<String, Object>> order = Comparator.<Map<String, Object>>comparingLong(r -> (Long) r.get("window_end"))
                .thenComparingLong(r -> (Long) r.get("event_count"));
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Map<String, Object> r : rows) {
            if ((Long) r.get("window_end") > asOf.toEpochMilli()) continue;
            out.merge((String) r.get("origin"), r, (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        return out;
    }

    private static Map<String, Map<String, String>> snapshot(RedisCommands<String, String> redis) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String key : redis.keys(PREFIX + "*")) out.put(key, redis.hgetall(key));
        return out;
    }
}
