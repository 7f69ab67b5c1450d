package io.tributary.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.kafka.ValidatedEventSource;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.topic.TopicNames;
import io.tributary.inference.input.InputFeature;
import io.tributary.inference.model.OnnxModel;
import io.tributary.inference.score.ScoringConfig;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.KafkaTopicReader;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The scoring job on a real broker, a real redis-server and Flink's MiniCluster: inputs from Redis, the payload and
 * the event time; scores equal to ONNX Runtime on the same rows; a hot swap without losing or double-scoring events;
 * refused versions (checksum, missing inputs) with alerts while the old version serves; exactly once under a failure.
 */
class ScoringJobITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-01-01T10:00:00Z").toEpochMilli();
    private static final List<String> FEATURES = List.of("a", "b", "c");
    private static final List<InputFeature> INPUTS = List.of(InputFeature.parse("a=stats:a|0"),
            InputFeature.parse("b=payload:b"), InputFeature.parse("c=time:hour_of_day"));
    private static final FeatureViewInfo STATS = new FeatureViewInfo("stats", "1", "events.users", List.of("user"), "1 h",
            List.of(new FeatureViewInfo.Feature("a", "DOUBLE", "AVG", "")), Duration.ofDays(1), "test", "");
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    // the scores are compared with the online value: on a loaded 2-core machine a lookup can take longer than the
    // deployed 200 ms, and would then (correctly) score with the default
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @TempDir Path dir;

    @Test
    void scoresHotSwapsAndRefusesBadVersions() throws Exception {
        String model = "swap_model";
        String topic = "events.swap";
        KAFKA.createTopics(1, topic);
        onlineFeatures("u1", 0.5, T0); // ended at the first event, within the TTL of every later one
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()));
        byte[] logreg = resource("models/sklearn_logreg_3f.onnx");
        byte[] forest = resource("models/sklearn_forest_3f.onnx");
        registry.register(model, logreg, FEATURES, Map.of(), Map.of(), "test", "v1");
        registry.setAlias(model, "champion", 1, null, "test", "first");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        job(model, topic, false).attach(env);
        JobClient job = env.executeAsync("scoring");
        try {
            produce(topic, 0, 20);
            List<JsonNode> first = predictions(model, 20);
            assertThat(first).hasSize(20);
            for (JsonNode p : first) assertScoredBy(p, 1, logreg);
            assertThat(first.get(0).get("statuses").get("a").asText()).isEqualTo("PRESENT"); // e0: user u1
            assertThat(first.get(1).get("statuses").get("a").asText()).isEqualTo("NOT_FOUND"); // e1: user u2, default 0

            // hot swap: events keep flowing while v2 becomes champion
            registry.register(model, forest, FEATURES, Map.of(), Map.of(), "test", "v2");
            registry.setAlias(model, "champion", 2, null, "test", "swap");
            int sent = 20;
            List<JsonNode> all = first;
            while (all.stream().noneMatch(p -> p.get("version").asInt() == 2) && sent < 400) {
                produce(topic, sent, 5);
                sent += 5;
                all = predictions(model, sent);
            }
            all = predictions(model, sent);
            assertThat(all).hasSize(sent);
            assertThat(keys(all)).hasSize(sent); // each event scored once
            int lastVersion = 0;
            for (JsonNode p : all) {
                int v = p.get("version").asInt();
                assertThat(v).isGreaterThanOrEqualTo(lastVersion); // the swap happens once, between two events
                lastVersion = v;
                assertScoredBy(p, v, v == 1 ? logreg : forest);
            }
            assertThat(lastVersion).isEqualTo(2);

            // v3's artefact (content-addressed: v1's file) is overwritten after registration; v4 needs an input the job
            // does not assemble
            ModelEvent v3 = registry.register(model, logreg, FEATURES, Map.of(), Map.of(), "test", "v3");
            Files.write(Path.of(java.net.URI.create(v3.artifact())), forest);
            registry.register(model, logreg, List.of("a", "b", "d"), Map.of(), Map.of(), "test", "v4");
            registry.setAlias(model, "champion", 3, null, "test", "bad bytes");
            registry.setAlias(model, "champion", 4, null, "test", "missing input");
            List<String> reasons = List.of();
            for (int attempt = 0; attempt < 30 && reasons.size() < 2; attempt++) {
                reasons = KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), TopicNames.SERVING_ALERTS, 1000, Duration.ofSeconds(1))
                        .stream().map(r -> json(r.value())).filter(a -> a.get("model").asText().equals(model)
                                && a.get("kind").asText().equals("LOAD_REFUSED")).map(a -> a.get("reason").asText()).toList();
            }
            assertThat(reasons).hasSize(2);
            assertThat(reasons.get(0)).contains("version 3").contains("sha256").contains("version 2 keeps serving");
            assertThat(reasons.get(1)).contains("version 4").contains("[d]").contains("does not assemble");
            produce(topic, sent, 10);
            List<JsonNode> after = predictions(model, sent + 10).subList(sent, sent + 10);
            for (JsonNode p : after) assertScoredBy(p, 2, forest); // v2 kept serving
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyEventIsScoredExactlyOnceAcrossAFailure() throws Exception {
        String model = "eo_model";
        String topic = "events.eo";
        KAFKA.createTopics(1, topic);
        onlineFeatures("u1", 0.25, T0);
        byte[] logreg = registerLogregChampion(model);
        int n = 300;
        produce(topic, 0, n);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        ScoringJob scoring = job(model, topic, true);
        DataStream<EventEnvelope> events = ValidatedEventSource.builder().bootstrapServers(KAFKA.bootstrapServers()).topic(topic)
                .groupId("eo").stage("eo").startingOffsets(OffsetsInitializer.earliest()).bounded(true).build().attach(env)
                .map(new FailOnce(120)).name("fail-once");
        scoring.attach(env, events);
        env.execute("scoring-exactly-once");

        assertThat(FAILED_ONCE).isTrue();
        List<JsonNode> all = predictions(model, n + 1); // waits for the timeout: anything extra would be a duplicate
        assertThat(all).hasSize(n);
        assertThat(keys(all)).hasSize(n);
        for (JsonNode p : all) assertScoredBy(p, 1, logreg);
    }

    @Test
    void splitsTrafficShadowsAndRollsBackABadCanary() throws Exception {
        String model = "route_model";
        String topic = "events.route";
        KAFKA.createTopics(1, topic);
        onlineFeatures("u1", 0.5, T0);
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()));
        byte[] logreg = resource("models/sklearn_logreg_3f.onnx");
        byte[] forest = resource("models/sklearn_forest_3f.onnx");
        registry.register(model, logreg, FEATURES, Map.of(), Map.of(), "test", "v1");
        registry.register(model, forest, FEATURES, Map.of(), Map.of(), "test", "v2");
        registry.register(model, resource("models/broken_score_3f.onnx"), FEATURES, Map.of(), Map.of(), "test", "v3");
        // the champion last: requests wait for it, and by then the others are in place
        registry.setAlias(model, "shadow", 2, null, "test", "shadow");
        registry.setAlias(model, "challenger", 2, 0.3, "test", "A/B");
        registry.setAlias(model, "champion", 1, null, "test", "first");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(topic)
                .config(ScoringConfig.of(model, INPUTS).withBatching(8, 20).withCanaryGuard(100, 20, 0.01, 10.0))
                .views(Map.of("stats", STATS)).lookupTimeout(LOOKUP_TIMEOUT).startingOffsets(OffsetsInitializer.earliest()).build().attach(env);
        JobClient job = env.executeAsync("routing");
        try {
            int n = 200;
            produce(topic, 0, n);
            List<JsonNode> all = predictions(model, 2 * n); // a decision and a shadow score per event
            assertThat(all).hasSize(2 * n);
            io.tributary.inference.route.TrafficRouter router = new io.tributary.inference.route.TrafficRouter(model);
            Map<String, String> decided = new HashMap<>();
            int shadows = 0;
            for (JsonNode p : all) {
                String key = p.get("key").asText();
                if (p.get("decision").asBoolean()) {
                    assertThat(decided.put(key, p.get("variant").asText())).as("one decision per event").isNull();
                    String expected = router.route(key, 0, 0.3).name().toLowerCase(java.util.Locale.ROOT);
                    assertThat(p.get("variant").asText()).as(key).isEqualTo(expected);
                    assertThat(p.get("version").asInt()).isEqualTo(expected.equals("challenger") ? 2 : 1);
                } else {
                    shadows++;
                    assertThat(p.get("variant").asText()).isEqualTo("shadow");
                    assertThat(p.get("version").asInt()).isEqualTo(2);
                }
            }
            assertThat(decided).hasSize(n);
            assertThat(shadows).isEqualTo(n);
            assertThat(decided.values().stream().filter("challenger"::equals).count()).isBetween(30L, 90L);

            // a canary whose scores are not probabilities: the champion decides for it, and it is rolled back
            registry.setAlias(model, "canary", 3, 0.5, "test", "canary");
            int sent = n;
            while (registry.state().model(model).orElseThrow().alias("canary").isPresent() && sent < n + 2000) {
                produce(topic, sent, 20);
                sent += 20;
                Thread.sleep(100);
            }
            var state = registry.state().model(model).orElseThrow();
            assertThat(state.alias("canary")).isEmpty();
            ModelEvent removal = state.history().get(state.history().size() - 1);
            assertThat(removal.type()).isEqualTo(ModelEvent.Type.ALIAS_REMOVED);
            assertThat(removal.by()).startsWith("scoring-job/");
            assertThat(removal.why()).contains("canary version 3").contains("error rate");
            List<JsonNode> later = predictions(model, 2 * sent);
            assertThat(later).hasSize(2 * sent);
            for (JsonNode p : later) {
                if (!p.get("decision").asBoolean()) continue;
                assertThat(p.get("variant").asText()).isIn("champion", "challenger");
                assertThat(p.get("score").asDouble()).isBetween(0.0, 1.0);
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void atLeastOnceOutputsAreReadableWithoutACheckpoint() throws Exception {
        String model = "alo_model";
        String topic = "events.alo";
        KAFKA.createTopics(1, topic);
        onlineFeatures("u1", 0.5, T0);
        byte[] logreg = registerLogregChampion(model);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1); // no checkpoints: exactly-once predictions would never be committed
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(topic)
                .config(ScoringConfig.of(model, INPUTS).withBatching(8, 20)).views(Map.of("stats", STATS)).lookupTimeout(LOOKUP_TIMEOUT)
                .startingOffsets(OffsetsInitializer.earliest()).exactlyOnce(false).build().attach(env);
        JobClient job = env.executeAsync("scoring-at-least-once");
        try {
            produce(topic, 0, 30);
            List<JsonNode> scored = predictions(model, 30); // read_committed
            assertThat(scored).hasSize(30);
            assertThat(keys(scored)).hasSize(30);
            for (JsonNode p : scored) assertScoredBy(p, 1, logreg);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Models that are not binary classifiers serve their outputs by name, without a score: a multi-class champion
     * (probabilities and label) and a regression shadow, each equal to the model run on the row the test assembles.
     */
    @Test
    void servesMultiClassAndRegressionModelsByTheirOutputs() throws Exception {
        String model = "outputs_model";
        String topic = "events.outputs";
        KAFKA.createTopics(1, topic);
        onlineFeatures("u1", 0.5, T0);
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()));
        byte[] multiclass = resource("models/multiclass_softmax_3f.onnx");
        byte[] regression = resource("models/regression_linear_3f.onnx");
        registry.register(model, multiclass, FEATURES, Map.of(), Map.of(), "test", "v1");
        registry.register(model, regression, FEATURES, Map.of(), Map.of(), "test", "v2");
        registry.setAlias(model, "champion", 1, null, "test", "multi-class");
        registry.setAlias(model, "shadow", 2, null, "test", "regression");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(topic)
                .config(ScoringConfig.of(model, INPUTS).withBatching(8, 20)).views(Map.of("stats", STATS)).lookupTimeout(LOOKUP_TIMEOUT)
                .startingOffsets(OffsetsInitializer.earliest()).exactlyOnce(false).build().attach(env);
        JobClient job = env.executeAsync("scoring-outputs");
        try {
            produce(topic, 0, 12);
            List<JsonNode> all = predictions(model, 24);
            assertThat(all).hasSize(24);
            for (JsonNode p : all) {
                boolean champion = p.get("variant").asText().equals("champion");
                assertThat(p.has("score")).as(p.toString()).isFalse();
                assertThat(p.get("decision").asBoolean()).isEqualTo(champion);
                assertThat(p.get("version").asInt()).isEqualTo(champion ? 1 : 2);
                assertThat(p.get("outputs").fieldNames()).toIterable()
                        .containsExactlyElementsOf(champion ? List.of("probabilities", "label") : List.of("variable"));
                assertOutputsOf(p, champion ? multiclass : regression);
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * An int64 model cannot take a missing value: an event without its payload field {@code b} is dead-lettered with
     * the reason, alone; the events batched with it are scored.
     */
    @Test
    void aMissingValueForAnIntegerInputDeadLettersOnlyItsEvent() throws Exception {
        String model = "int_model";
        String topic = "events.int";
        KAFKA.createTopics(1, topic);
        onlineFeatures("u1", 0.5, T0);
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()));
        byte[] ints = resource("models/per_feature_int64_3f.onnx");
        registry.register(model, ints, FEATURES, Map.of(), Map.of(), "test", "v1");
        registry.setAlias(model, "champion", 1, null, "test", "int64 inputs");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(topic)
                .config(ScoringConfig.of(model, INPUTS).withBatching(8, 200)).views(Map.of("stats", STATS)).lookupTimeout(LOOKUP_TIMEOUT)
                .startingOffsets(OffsetsInitializer.earliest()).exactlyOnce(false).build().attach(env);
        JobClient job = env.executeAsync("scoring-int64");
        try {
            EventSerde serde = new EventSerde();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long t = T0 + i * 60_000L;
                Map<String, Object> payload = i % 4 == 3 ? Map.of("user", "u1") : Map.of("user", "u1", "b", bOf(i));
                records.add(new ProducerRecord<>(topic, null, t, ("e" + i).getBytes(StandardCharsets.UTF_8),
                        serde.serialize(new EventEnvelope("test", "e" + i, t, payload))));
            }
            KAFKA.produce(topic, records);
            List<JsonNode> scored = predictions(model, 6);
            assertThat(keys(scored)).containsExactlyInAnyOrder("e0", "e1", "e2", "e4", "e5", "e6");
            try (OnnxModel m = OnnxModel.load(ints, FEATURES)) {
                for (JsonNode p : scored) {
                    int i = Integer.parseInt(p.get("key").asText().substring(1));
                    double[] row = {p.get("inputs").get("a").asDouble(), p.get("inputs").get("b").asDouble(),
                            p.get("inputs").get("c").asDouble()}; // what the model saw (a from Redis)
                    assertThat(row[1]).isEqualTo(bOf(i));
                    assertThat(p.get("score").asDouble()).as(p.toString()).isCloseTo(m.score(new double[][] {row})[0], within(1e-6));
                }
            }
            List<io.tributary.core.event.DeadLetter> letters = new ArrayList<>();
            for (int attempt = 0; attempt < 30 && letters.size() < 2; attempt++) {
                letters.clear();
                for (var r : KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), TopicNames.DEAD_LETTERS, 1000, Duration.ofSeconds(1))) {
                    var d = io.tributary.core.event.DeadLetterJson.fromJson(r.value());
                    if (d.getStage().equals("scoring-" + model)) letters.add(d);
                }
            }
            assertThat(letters).extracting(d -> new String(d.getKey(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("e3", "e7");
            assertThat(letters).allSatisfy(d -> assertThat(d.getError()).startsWith("champion version 1 of int_model failed to score: ")
                    .endsWith("feature 'b' is missing in row 0, but input 'b' is INT64 and cannot hold a missing value (NaN)"));
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Every output of the prediction is what the model gives for the row the test assembles itself. */
    private static void assertOutputsOf(JsonNode p, byte[] onnx) throws Exception {
        int i = Integer.parseInt(p.get("key").asText().substring(1));
        double a = i % 2 == 0 ? aOf(p) : 0;
        double[] row = {a, bOf(i), io.tributary.core.features.EventTimeFeatures.hourOfDay(T0 + i * 60_000L)};
        try (OnnxModel m = OnnxModel.load(onnx, FEATURES)) {
            Map<String, double[]> expected = m.predict(new double[][] {row}).row(0);
            expected.forEach((name, v) -> {
                JsonNode got = p.get("outputs").get(name);
                if (v.length == 1) {
                    assertThat(got.asDouble()).as(name + " of " + p).isCloseTo(v[0], within(1e-6));
                } else {
                    assertThat(got).as(name).hasSize(v.length);
                    for (int k = 0; k < v.length; k++) assertThat(got.get(k).asDouble()).as(name + " of " + p).isCloseTo(v[k], within(1e-6));
                }
            });
        }
    }

    /** Registers the logistic regression as {@code model}'s version 1 and champion; returns its bytes. */
    private byte[] registerLogregChampion(String model) throws Exception {
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()));
        byte[] logreg = resource("models/sklearn_logreg_3f.onnx");
        registry.register(model, logreg, FEATURES, Map.of(), Map.of(), "test", "v1");
        registry.setAlias(model, "champion", 1, null, "test", "first");
        return logreg;
    }

    private ScoringJob job(String model, String topic, boolean bounded) {
        return ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(topic)
                .config(ScoringConfig.of(model, INPUTS).withBatching(8, 20)).views(Map.of("stats", STATS)).lookupTimeout(LOOKUP_TIMEOUT)
                .startingOffsets(OffsetsInitializer.earliest()).bounded(bounded).build();
    }

    /** The prediction's score is what ONNX Runtime gives for the row the test assembles itself. */
    private static void assertScoredBy(JsonNode p, int version, byte[] onnx) throws Exception {
        assertThat(p.get("version").asInt()).as(p.toString()).isEqualTo(version);
        int i = Integer.parseInt(p.get("key").asText().substring(1));
        double a = i % 2 == 0 ? aOf(p) : 0; // u1 has a value, u2 none (the input's default, 0)
        double[] row = {a, bOf(i), io.tributary.core.features.EventTimeFeatures.hourOfDay(T0 + i * 60_000L)};
        for (int j = 0; j < 3; j++) assertThat(p.get("inputs").get(FEATURES.get(j)).asDouble()).as(p.toString()).isEqualTo(row[j]);
        try (OnnxModel m = OnnxModel.load(onnx, FEATURES)) {
            assertThat(p.get("score").asDouble()).as(p.toString()).isCloseTo(m.score(new double[][] {row})[0], within(1e-6));
        }
        assertThat(p.get("decision").asBoolean()).isTrue();
        assertThat(p.get("variant").asText()).isEqualTo("champion");
    }

    private static double aOf(JsonNode p) {
        return p.get("model").asText().equals("eo_model") ? 0.25 : 0.5;
    }

    private static double bOf(int i) { return (i % 7) / 3.0 - 1; }

    private static void produce(String topic, int from, int count) throws Exception {
        EventSerde serde = new EventSerde();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            long t = T0 + i * 60_000L; // a minute apart: the hour of day changes along the stream
            records.add(new ProducerRecord<>(topic, null, t, ("e" + i).getBytes(StandardCharsets.UTF_8), serde.serialize(
                    new EventEnvelope("test", "e" + i, t, Map.of("user", i % 2 == 0 ? "u1" : "u2", "b", bOf(i))))));
        }
        KAFKA.produce(topic, records);
    }

    private static void onlineFeatures(String user, double a, long windowEnd) {
        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().hset("tributary:stats:" + user, Map.of("a", String.valueOf(a), "_window_end", String.valueOf(windowEnd),
                    "_window_start", String.valueOf(windowEnd - 3_600_000), "_event_count", "3", "_version", "1"));
        } finally {
            client.shutdown();
        }
    }

    private static List<JsonNode> predictions(String model, int expected) throws Exception {
        return read(TopicNames.predictions(model), expected);
    }

    private static List<JsonNode> read(String topic, int expected) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), topic, expected, Duration.ofSeconds(20))) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }

    private static Set<String> keys(List<JsonNode> predictions) {
        Set<String> keys = new HashSet<>();
        for (JsonNode p : predictions) keys.add(p.get("key").asText());
        return keys;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String path) throws java.io.IOException {
        try (var in = Objects.requireNonNull(ScoringJobITCase.class.getClassLoader().getResourceAsStream(path), path)) {
            return in.readAllBytes();
        }
    }

    static final class FailOnce extends RichMapFunction<EventEnvelope, EventEnvelope> {
        private final int after;
        private int seen;

        FailOnce(int after) { this.after = after; }

        @Override
        public EventEnvelope map(EventEnvelope e) throws Exception {
            if (++seen == after && FAILED_ONCE.compareAndSet(false, true)) {
                Thread.sleep(400); // let a checkpoint or two complete first
                throw new RuntimeException("injected failure after " + after + " events");
            }
            return e;
        }
    }
}
