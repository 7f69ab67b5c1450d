package io.tributary.features.sql;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.redis.RedisConnection;
import io.tributary.core.sql.Placeholders;
import io.tributary.core.sql.SqlScript;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.pipeline.FeatureViewPipeline;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import io.tributary.testing.FlightsSlice;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.RedisServerExtension;
import io.lettuce.core.RedisFuture;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The flights feature views of {@code sql/features/} on the committed slice of the real data: each SQL file and its
 * Java twin, run over the same Kafka events, give the same rows in Iceberg and the same values in Redis.
 */
class FlightsFeatureViewsITCase {
    @RegisterExtension @org.junit.jupiter.api.Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(2) static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(3) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    static final Set<String> APPROXIMATE = Set.of("mean_delay", "delay_std", "late_rate", "total_distance");

    @BeforeAll
    static void produceTheSlice() throws Exception {
        KAFKA.createTopics(1, "events.flights");
        EventSerde serde = new EventSerde();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (EventEnvelope e : FlightsSlice.events()) {
            records.add(new ProducerRecord<>("events.flights", null, e.getEventTimeMillis(),
                    e.getKey().getBytes(StandardCharsets.UTF_8), serde.serialize(e)));
        }
        KAFKA.produce("events.flights", records);
    }

    static FeatureView.Builder view(String name, WindowSpec window, String... keys) {
        return FeatureView.builder(name).source("events.flights").entityKeys(keys).window(window)
                .maxOutOfOrderness(Duration.ofMinutes(5));
    }

    @Test
    void origin1h() throws Exception {
        assertSqlEqualsJava("flights_origin_1h.sql", view("origin_1h", WindowSpec.tumbling(Duration.ofHours(1)), "origin")
                .feature("departures", Aggregation.COUNT, null, "")
                .feature("mean_delay", Aggregation.AVG, "delay", "")
                .feature("max_delay", Aggregation.MAX, "delay", "")
                .feature("delay_std", Aggregation.STDDEV, "delay", "")
                .feature("late_rate", Aggregation.RATE, "late", "")
                .feature("total_distance", Aggregation.SUM, "distance", "")
                .feature("destinations", Aggregation.DISTINCT_COUNT, "destination", "")
                .feature("last_destination", Aggregation.LAST, "destination", "")
                .ttl(Duration.ofHours(2)).build());
    }

    @Test
    void destination1h() throws Exception {
        assertSqlEqualsJava("flights_destination_1h.sql", view("destination_1h", WindowSpec.tumbling(Duration.ofHours(1)), "destination")
                .feature("arrivals", Aggregation.COUNT, null, "")
                .feature("mean_delay", Aggregation.AVG, "delay", "")
                .feature("max_delay", Aggregation.MAX, "delay", "")
                .feature("late_rate", Aggregation.RATE, "late", "")
                .feature("origins", Aggregation.DISTINCT_COUNT, "origin", "")
                .ttl(Duration.ofHours(2)).build());
    }

    @Test
    void route24hHopping() throws Exception {
        assertSqlEqualsJava("flights_route_24h.sql", view("route_24h", WindowSpec.hopping(Duration.ofHours(24), Duration.ofHours(1)),
                "origin", "destination")
                .feature("flights", Aggregation.COUNT, null, "")
                .feature("late_rate", Aggregation.RATE, "late", "")
                .feature("mean_delay", Aggregation.AVG, "delay", "")
                .feature("distance", Aggregation.MAX, "distance", "")
                .ttl(Duration.ofHours(25)).build());
    }

    static void assertSqlEqualsJava(String sqlFile, FeatureView javaView) throws Exception {
        String javaWarehouse = Files.createTempDirectory("java-wh").toUri().toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        FeatureViewPipeline.sinks(FeatureViewPipeline.aggregate(FeatureViewPipeline.source(env, javaView,
                        KAFKA.bootstrapServers(), true, "java-" + javaView.name(), OffsetsInitializer.earliest()), javaView), javaView,
                new FeatureViewPipeline.SinkTargets(KAFKA.bootstrapServers(), REDIS.uri(), "java", javaWarehouse));
        env.execute("java-" + javaView.name());

        String sqlWarehouse = Files.createTempDirectory("sql-wh").toUri().toString();
        String script = Files.readString(Path.of(System.getProperty("tributary.root"), "sql/features", sqlFile));
        script = Placeholders.substitute(script, Map.of("kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "redis.uri", REDIS.uri(), "iceberg.warehouse", sqlWarehouse));
        // as users submit it, but bounded so that the test ends
        script = script.replaceAll("'format' = '(tributary-)?json'", "$0, 'scan.bounded.mode' = 'latest-offset'");
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set("parallelism.default", "1");
        for (SqlScript.Statement st : SqlScript.split(script)) {
            var result = EmbeddedSql.execute(tEnv, st.sql());
            if (result.isPresent()) result.get().await();
        }

        // the SQL view registered itself (the connector's registry option), with its columns as features
        var registered = new io.tributary.core.features.FeatureRegistry(KAFKA.bootstrapServers()).load().get(javaView.name());
        assertThat(registered).anySatisfy(e -> {
            assertThat(e.view().window()).isEqualTo("(sql)");
            assertThat(e.view().owner()).isEqualTo("flights");
            assertThat(e.view().entityKeys()).isEqualTo(javaView.entityKeys());
            assertThat(e.view().features()).extracting(io.tributary.core.features.FeatureViewInfo.Feature::name)
                    .containsExactlyElementsOf(javaView.features().stream().map(f -> f.name()).toList());
        });

        List<String> keys = javaView.entityKeys();
        Map<String, Map<String, Object>> java = byId(rows(javaWarehouse, javaView), keys);
        Map<String, Map<String, Object>> sql = byId(rows(sqlWarehouse, javaView), keys);
        assertThat(java).hasSizeGreaterThan(50);
        assertThat(sql.keySet()).isEqualTo(java.keySet());
        for (Map.Entry<String, Map<String, Object>> e : java.entrySet()) {
            Map<String, Object> s = sql.get(e.getKey());
            for (Map.Entry<String, Object> col : e.getValue().entrySet()) {
                if (col.getKey().equals("view_version")) continue;
                if (col.getValue() instanceof Double d) {
                    assertThat((Double) s.get(col.getKey())).as(e.getKey() + " " + col.getKey()).isCloseTo(d, within(1e-6));
                } else {
                    assertThat(s.get(col.getKey())).as(e.getKey() + " " + col.getKey()).isEqualTo(col.getValue());
                }
            }
        }

        // online: both hold the same latest values for every entity
        Map<String, String> entities = new LinkedHashMap<>();
        for (Map<String, Object> r : java.values()) {
            String entity = String.join("|", keys.stream().map(k -> (String) r.get(k)).toList());
            entities.put(entity, entity);
        }
        try (RedisConnection redis = RedisConnection.connect(REDIS.uri())) {
            redis.setPipelining(true);
            Map<String, RedisFuture<Map<String, String>>> j = new HashMap<>();
            Map<String, RedisFuture<Map<String, String>>> q = new HashMap<>();
            for (String entity : entities.keySet()) {
                j.put(entity, redis.async().hgetall("java:" + javaView.name() + ":" + entity));
                q.put(entity, redis.async().hgetall("tributary:" + javaView.name() + ":" + entity));
            }
            redis.flush();
            for (String entity : entities.keySet()) {
                Map<String, String> jh = new TreeMap<>(j.get(entity).get(10, TimeUnit.SECONDS));
                Map<String, String> qh = new TreeMap<>(q.get(entity).get(10, TimeUnit.SECONDS));
                jh.remove("_version");
                qh.remove("_version");
                assertThat(qh.keySet()).as(entity).isEqualTo(jh.keySet());
                for (String f : jh.keySet()) {
                    if (APPROXIMATE.contains(f)) {
                        assertThat(Double.parseDouble(qh.get(f))).as(entity + " " + f).isCloseTo(Double.parseDouble(jh.get(f)), within(1e-6));
                    } else {
                        assertThat(qh.get(f)).as(entity + " " + f).isEqualTo(jh.get(f));
                    }
                }
            }
        }
    }

    static Map<String, Map<String, Object>> byId(List<Map<String, Object>> rows, List<String> keys) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Map<String, Object> r : rows) {
            String id = keys.stream().map(k -> (String) r.get(k)).toList() + "@" + r.get("window_end");
            assertThat(out.put(id, r)).as("one row per entity and window: " + id).isNull();
        }
        return out;
    }

    static List<Map<String, Object>> rows(String warehouse, FeatureView view) throws Exception {
        return io.tributary.features.sink.OfflineRows.read(warehouse, view);
    }
}
