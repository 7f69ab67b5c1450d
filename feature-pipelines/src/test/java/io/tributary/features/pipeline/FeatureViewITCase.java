package io.tributary.features.pipeline;

import io.tributary.core.event.DeadLetterJson;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.redis.RedisConnection;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.KafkaTopicReader;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One computation, two sinks, on real Kafka, Redis, Iceberg and a MiniCluster: the rows in Iceberg equal a naive
 * oracle's, Redis holds exactly the latest Iceberg row per entity, late and malformed events are accounted for, and a
 * failure mid-stream changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeatureViewITCase {
    @RegisterExtension @org.junit.jupiter.api.Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(2) static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(3) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    static final String TOPIC = "events.flights_it";
    static final long T0 = 978_307_200_000L; // 2001-01-01T00:00:00Z
    static final FeatureView VIEW = FeatureView.builder("origin_1h")
            .source(TOPIC).entityKeys("origin")
            .window(WindowSpec.tumbling(Duration.ofHours(1)))
            .maxOutOfOrderness(Duration.ofMinutes(5)).allowedLateness(Duration.ofMinutes(10))
            .feature("departures", Aggregation.COUNT, null, "flights in the hour")
            .feature("mean_delay", Aggregation.AVG, "delay", "mean delay, minutes")
            .feature("max_delay", Aggregation.MAX, "delay", "")
            .feature("min_delay", Aggregation.MIN, "delay", "")
            .feature("total_distance", Aggregation.SUM, "distance", "")
            .feature("delay_std", Aggregation.STDDEV, "delay", "")
            .feature("late_rate", Aggregation.RATE, "late", "share of flights later than 15 min")
            .feature("destinations", Aggregation.DISTINCT_COUNT, "destination", "")
            .feature("last_destination", Aggregation.LAST, "destination", "")
            .ttl(Duration.ofHours(2))
            .build();

    static final List<EventEnvelope> EVENTS = new ArrayList<>();
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    static List<Map<String, Object>> firstRunRows;
    static Map<String, Map<String, String>> firstRunRedis;

    @BeforeAll
    static void produce() throws Exception {
        KAFKA.createTopics(1, TOPIC, "deadletter", "late.origin_1h");
        Random rnd = new Random(42);
        String[] origins = {"ORD", "ATL", "DFW"};
        String[] dests = {"LAX", "SFO", "JFK", "BOS", "SEA", "DEN", "MIA"};
        long t = T0;
        boolean insertedLate = false;
        for (int i = 0; i < 600; i++) {
            t += rnd.nextInt(60_000);
            long jitter = rnd.nextInt(240_000) - 120_000; // within the 5 min out-of-orderness
            int delay = rnd.nextInt(90) - 10;
            Map<String, Object> payload = new HashMap<>();
            payload.put("origin", origins[rnd.nextInt(origins.length)]);
            payload.put("destination", dests[rnd.nextInt(dests.length)]);
            payload.put("delay", delay);
            payload.put("distance", 200 + rnd.nextInt(2000));
            payload.put("late", delay > 15);
            if (i % 50 == 7) payload.remove("delay"); // a missing input: the feature skips it
            EVENTS.add(new EventEnvelope("flights", "f" + i, t + jitter, payload));
            long intoHour = Math.floorMod(t, 3_600_000L);
            if (!insertedLate && i >= 300 && intoHour >= 8 * 60_000 && intoHour <= 12 * 60_000) {
                insertedLate = true;
                // the previous hour fired (watermark past its end) but allowed lateness still takes it: a new row
                EVENTS.add(new EventEnvelope("flights", "late-ok", t - intoHour - 60_000,
                        Map.of("origin", "ORD", "destination", "LAX", "delay", 5, "distance", 500, "late", false)));
                // 3 h behind: past the allowed lateness, to late.origin_1h
                EVENTS.add(new EventEnvelope("flights", "too-late", t - 3 * 3_600_000,
                        Map.of("origin", "ATL", "destination", "SFO", "delay", 50, "distance", 900, "late", true)));
            }
        }
        EventSerde serde = new EventSerde();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (EventEnvelope e : EVENTS) records.add(new ProducerRecord<>(TOPIC, serde.serialize(e)));
        records.add(new ProducerRecord<>(TOPIC, "{\"key\": \"x\", \"event_time\": 1, \"payl".getBytes(StandardCharsets.UTF_8)));
        records.add(new ProducerRecord<>(TOPIC, serde.serialize(new EventEnvelope("flights", "bad-delay", t,
                Map.of("origin", "ORD", "destination", "LAX", "delay", "soon", "distance", 1, "late", false)))));
        KAFKA.produce(TOPIC, records);
    }

    private static FeatureViewPipeline.SinkTargets targets(String warehouse) {
        return new FeatureViewPipeline.SinkTargets(KAFKA.bootstrapServers(), REDIS.uri(), OnlineStoreLayout.DEFAULT_NAMESPACE, warehouse);
    }

    private static void run(String warehouse, String groupId, boolean injectFailure) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(150);
        DataStream<EventEnvelope> events = FeatureViewPipeline.source(env, VIEW, KAFKA.bootstrapServers(), true, groupId,
                OffsetsInitializer.earliest());
        if (injectFailure) events = events.map(new FailOnce(350)).name("fail-once");
        FeatureViewPipeline.Streams streams = FeatureViewPipeline.aggregate(events, VIEW);
        FeatureViewPipeline.sinks(streams, VIEW, targets(warehouse));
        env.execute("feature-view-it");
    }

    @Test
    @Order(1)
    void rowsInIcebergEqualTheOracleAndRedisHoldsTheLatestRowPerEntity() throws Exception {
        String warehouse = Files.createTempDirectory("wh1").toUri().toString();
        run(warehouse, "run-1", false);

        WindowOracle oracle = new WindowOracle(VIEW);
        EVENTS.forEach(oracle::process);
        oracle.endOfInput();

        List<Map<String, Object>> rows = icebergRows(warehouse);
        assertThat(rows).hasSize(oracle.rows.size());
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (Map<String, Object> r : rows) {
            String id = r.get("origin") + "@" + r.get("window_end") + "#" + r.get("event_count");
            assertThat(byId.put(id, r)).as("duplicate row " + id).isNull();
        }
        for (WindowOracle.Row expected : oracle.rows) {
            String id = expected.entity() + "@" + expected.end() + "#" + expected.count();
            Map<String, Object> actual = byId.get(id);
            assertThat(actual).as("row " + id).isNotNull();
            assertThat(actual.get("window_start")).isEqualTo(expected.start());
            assertThat(actual.get("view_version")).isEqualTo(VIEW.version());
            for (int i = 0; i < VIEW.features().size(); i++) {
                String name = VIEW.features().get(i).name();
                Object want = expected.values().get(i);
                Object got = actual.get(name);
                if (want instanceof Double d) assertThat((Double) got).as(id + " " + name).isCloseTo(d, within(1e-9));
                else assertThat(got).as(id + " " + name).isEqualTo(want);
            }
        }
        // the allowed-late event re-fired its window: two rows for one window, the second with one more event
        assertThat(oracle.rows.stream().map(r -> r.entity() + "@" + r.end()).distinct().count()).isLessThan(oracle.rows.size());

        List<ConsumerRecord<byte[], byte[]>> late = KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), "late.origin_1h", 1, Duration.ofSeconds(30));
        assertThat(late).hasSize(oracle.late.size()).hasSize(1);
        assertThat(new EventSerde().parse(late.get(0).value(), "x").getKey()).isEqualTo("too-late");

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), "deadletter", 2, Duration.ofSeconds(30));
        assertThat(dead).hasSize(2);
        List<String> errors = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) errors.add(DeadLetterJson.fromJson(r.value()).getError());
        assertThat(errors).anyMatch(e -> e.startsWith("truncated JSON"))
                .anyMatch(e -> e.equals("view origin_1h: field 'delay' of feature 'mean_delay' (AVG) must be a number, got 'soon'"));

        Map<String, Map<String, String>> redis = redisState();
        assertOnlineEqualsLatestOffline(rows, redis);
        firstRunRows = rows;
        firstRunRedis = redis;
    }

    @Test
    @Order(2)
    void aFailureMidStreamChangesNothing() throws Exception {
        try (RedisConnection r = RedisConnection.connect(REDIS.uri())) {
            r.async().flushall().get(10, TimeUnit.SECONDS);
        }
        String warehouse = Files.createTempDirectory("wh2").toUri().toString();
        run(warehouse, "run-2", true);
        assertThat(FAILED_ONCE).isTrue();
        List<Map<String, Object>> rows = icebergRows(warehouse);
        // the second run dead-letters and late-routes exactly what the first did: two of each topic's records now
        assertThat(KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), "late.origin_1h", 3, Duration.ofSeconds(5))).hasSize(2);
        assertThat(KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), "deadletter", 5, Duration.ofSeconds(5))).hasSize(4);
        assertThat(rows).containsExactlyInAnyOrderElementsOf(firstRunRows);
        assertThat(redisState()).isEqualTo(firstRunRedis);
    }

    static void assertOnlineEqualsLatestOffline(List<Map<String, Object>> rows, Map<String, Map<String, String>> redis) {
        Map<String, Map<String, Object>> latest = new TreeMap<>();
        for (Map<String, Object> r : rows) {
            String key = (String) r.get("origin");
            Map<String, Object> cur = latest.get(key);
            if (cur == null || (long) r.get("window_end") > (long) cur.get("window_end")
                    || ((long) r.get("window_end") == (long) cur.get("window_end") && (long) r.get("event_count") > (long) cur.get("event_count"))) {
                latest.put(key, r);
            }
        }
        assertThat(redis.keySet()).containsExactlyInAnyOrderElementsOf(
                latest.keySet().stream().map(k -> OnlineStoreLayout.key("tributary", "origin_1h", k)).toList());
        for (Map.Entry<String, Map<String, Object>> e : latest.entrySet()) {
            Map<String, String> hash = redis.get(OnlineStoreLayout.key("tributary", "origin_1h", e.getKey()));
            Map<String, String> expected = new HashMap<>();
            expected.put(OnlineStoreLayout.WINDOW_START, String.valueOf(e.getValue().get("window_start")));
            expected.put(OnlineStoreLayout.WINDOW_END, String.valueOf(e.getValue().get("window_end")));
            expected.put(OnlineStoreLayout.EVENT_COUNT, String.valueOf(e.getValue().get("event_count")));
            expected.put(OnlineStoreLayout.VERSION, VIEW.version());
            for (var f : VIEW.features()) {
                Object v = e.getValue().get(f.name());
                if (v != null) expected.put(f.name(), String.valueOf(v));
            }
            assertThat(hash).as("Redis hash of " + e.getKey()).isEqualTo(expected);
        }
    }

    static List<Map<String, Object>> icebergRows(String warehouse) throws Exception {
        return icebergRows(warehouse, VIEW);
    }

    static List<Map<String, Object>> icebergRows(String warehouse, FeatureView view) throws Exception {
        return io.tributary.features.sink.OfflineRows.read(warehouse, view);
    }

    static Map<String, Map<String, String>> redisState() throws Exception {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (RedisConnection r = RedisConnection.connect(REDIS.uri())) {
            for (String origin : List.of("ORD", "ATL", "DFW")) {
                String key = OnlineStoreLayout.key("tributary", "origin_1h", origin);
                Map<String, String> h = r.async().hgetall(key).get(10, TimeUnit.SECONDS);
                if (!h.isEmpty()) out.put(key, h);
            }
        }
        return out;
    }

    /** Throws once, after {@code after} records, to make the job restore from its last checkpoint. */
    static final class FailOnce extends RichMapFunction<EventEnvelope, EventEnvelope> {
        private final int after;
        private int seen;

        FailOnce(int after) { this.after = after; }

        @Override
        public EventEnvelope map(EventEnvelope e) throws Exception {
            if (++seen == after && FAILED_ONCE.compareAndSet(false, true)) {
                Thread.sleep(400); // let a checkpoint or two complete before failing
                throw new RuntimeException("injected failure after " + after + " records");
            }
            return e;
        }
    }
}
