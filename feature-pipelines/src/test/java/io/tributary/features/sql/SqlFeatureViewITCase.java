package io.tributary.features.sql;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.redis.RedisConnection;
import io.tributary.core.sql.Placeholders;
import io.tributary.core.sql.SqlScript;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.pipeline.FeatureViewPipeline;
import io.tributary.features.sink.IcebergFeatureTable;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The feature view written in Flink SQL ({@code sql/features/flights_origin_1h.sql}) and the same view written with
 * the Java API produce the same rows in Iceberg and the same hashes in Redis, over the same Kafka events.
 */
class SqlFeatureViewITCase {
    @RegisterExtension @org.junit.jupiter.api.Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(2) static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(3) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    static final FeatureView JAVA_VIEW = FeatureView.builder("origin_1h")
            .source("events.flights").entityKeys("origin")
            .window(WindowSpec.tumbling(Duration.ofHours(1))).maxOutOfOrderness(Duration.ofMinutes(5))
            .feature("departures", Aggregation.COUNT, null, "")
            .feature("mean_delay", Aggregation.AVG, "delay", "")
            .feature("max_delay", Aggregation.MAX, "delay", "")
            .feature("delay_std", Aggregation.STDDEV, "delay", "")
            .feature("late_rate", Aggregation.RATE, "late", "")
            .feature("total_distance", Aggregation.SUM, "distance", "")
            .feature("destinations", Aggregation.DISTINCT_COUNT, "destination", "")
            .feature("last_destination", Aggregation.LAST, "destination", "")
            .ttl(Duration.ofHours(2)).build();

    @Test
    void sqlAndJavaDefinitionsYieldTheSameRows() throws Exception {
        KAFKA.createTopics(1, "events.flights");
        Random rnd = new Random(7);
        String[] origins = {"ORD", "ATL", "DFW", "DEN"};
        String[] dests = {"LAX", "SFO", "JFK", "BOS", "SEA"};
        EventSerde serde = new EventSerde();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        long t = 978_307_200_000L;
        for (int i = 0; i < 800; i++) {
            t += rnd.nextInt(40_000);
            long ts = t + rnd.nextInt(120_000) - 60_000; // within the 5 min watermark delay
            int delay = rnd.nextInt(100) - 10;
            Map<String, Object> p = new HashMap<>(Map.of("origin", origins[rnd.nextInt(4)], "destination", dests[rnd.nextInt(5)],
                    "delay", delay, "distance", 100 + rnd.nextInt(2500), "late", delay > 15));
            EventEnvelope e = new EventEnvelope("flights", "f" + i, ts, p);
            records.add(new ProducerRecord<>("events.flights", null, ts, e.getKey().getBytes(StandardCharsets.UTF_8), serde.serialize(e)));
        }
        KAFKA.produce("events.flights", records);

        // the Java view
        String javaWarehouse = Files.createTempDirectory("java-wh").toUri().toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        FeatureViewPipeline.sinks(FeatureViewPipeline.aggregate(FeatureViewPipeline.source(env, JAVA_VIEW,
                        KAFKA.bootstrapServers(), true, "java-view", OffsetsInitializer.earliest()), JAVA_VIEW), JAVA_VIEW,
                new FeatureViewPipeline.SinkTargets(KAFKA.bootstrapServers(), REDIS.uri(), "java", javaWarehouse));
        env.execute("java-view");

        // the SQL view, as users submit it (bounded here so the test ends)
        String sqlWarehouse = Files.createTempDirectory("sql-wh").toUri().toString();
        String script = Files.readString(Path.of(System.getProperty("tributary.root"), "sql/features/flights_origin_1h.sql"));
        script = Placeholders.substitute(script, Map.of("kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "redis.uri", REDIS.uri(), "iceberg.warehouse", sqlWarehouse));
        script = script.replace("'format' = 'json'", "'format' = 'json', 'scan.bounded.mode' = 'latest-offset'");
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set("parallelism.default", "1");
        for (SqlScript.Statement st : SqlScript.split(script)) {
            var result = EmbeddedSql.execute(tEnv, st.sql());
            if (result.isPresent()) result.get().await();
        }

        List<Map<String, Object>> javaRows = rows(javaWarehouse);
        List<Map<String, Object>> sqlRows = rows(sqlWarehouse);
        assertThat(javaRows).hasSizeGreaterThan(20);
        assertThat(sqlRows).hasSameSizeAs(javaRows);
        Map<String, Map<String, Object>> sqlById = new HashMap<>();
        for (Map<String, Object> r : sqlRows) sqlById.put(r.get("origin") + "@" + r.get("window_end"), r);
        for (Map<String, Object> j : javaRows) {
            String id = j.get("origin") + "@" + j.get("window_end");
            Map<String, Object> s = sqlById.get(id);
            assertThat(s).as(id).isNotNull();
            for (Map.Entry<String, Object> col : j.entrySet()) {
                if (col.getKey().equals("view_version")) continue;
                Object sv = s.get(col.getKey());
                if (col.getValue() instanceof Double d) assertThat((Double) sv).as(id + " " + col.getKey()).isCloseTo(d, within(1e-6));
                else assertThat(sv).as(id + " " + col.getKey()).isEqualTo(col.getValue());
            }
        }

        try (RedisConnection r = RedisConnection.connect(REDIS.uri())) {
            for (String origin : origins) {
                Map<String, String> java = new TreeMap<>(r.async().hgetall("java:origin_1h:" + origin).get(5, TimeUnit.SECONDS));
                Map<String, String> sql = new TreeMap<>(r.async().hgetall("tributary:origin_1h:" + origin).get(5, TimeUnit.SECONDS));
                java.remove("_version");
                sql.remove("_version");
                assertThat(java).as(origin).isNotEmpty();
                assertThat(sql.keySet()).as(origin).isEqualTo(java.keySet());
                for (String f : java.keySet()) {
                    if (f.equals("mean_delay") || f.equals("delay_std") || f.equals("late_rate") || f.equals("total_distance")) {
                        assertThat(Double.parseDouble(sql.get(f))).as(origin + " " + f).isCloseTo(Double.parseDouble(java.get(f)), within(1e-6));
                    } else {
                        assertThat(sql.get(f)).as(origin + " " + f).isEqualTo(java.get(f));
                    }
                }
            }
        }
    }

    static List<Map<String, Object>> rows(String warehouse) throws Exception {
        Table table = IcebergFeatureTable.catalog(warehouse).loadCatalog().loadTable(IcebergFeatureTable.identifier(JAVA_VIEW));
        List<Map<String, Object>> out = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
            for (Record r : it) {
                Map<String, Object> m = new TreeMap<>();
                for (var f : table.schema().columns()) {
                    Object v = r.getField(f.name());
                    m.put(f.name(), v instanceof OffsetDateTime o ? o.toInstant().toEpochMilli() : v);
                }
                out.add(m);
            }
        }
        return out;
    }
}
