package io.tributary.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.DeadLetterJson;
import io.tributary.core.event.EventTimeBounds;
import io.tributary.core.event.PayloadSchema;
import io.tributary.core.event.Sha256;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.sql.Placeholders;
import io.tributary.core.sql.SqlScript;
import io.tributary.core.topic.TopicNames;
import io.tributary.drift.job.DriftJob;
import io.tributary.features.sql.EmbeddedSql;
import io.tributary.inference.ScoringJob;
import io.tributary.inference.ab.AbAnalysisJob;
import io.tributary.inference.input.InputFeature;
import io.tributary.inference.score.ScoringConfig;
import io.tributary.jobs.ingest.EventIngestJob;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.PoisonRecords;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz suite of issue 16 on a real broker, redis-server and MiniCluster: {@link PoisonRecords} (over 30 kinds of
 * malformed record, mixed with good flight events whose Kafka keys and headers are not always text) through the
 * ingest job, a SQL feature view, the scoring job, and malformed predictions through the A/B and drift jobs. Every
 * malformed record is in the dead-letter topic with its reason, once per stage that must refuse it; every good
 * record is processed exactly once; no job records a single failure (the REST API's exception history is empty).
 */
class PoisonRecordsITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension(4);

    private static final String EVENTS = "events.flights";
    private static final String MODEL = "fuzz_model";
    private static final int GOOD = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void everyBoundaryDeadLettersPoisonAndProcessesTheRestOnce() throws Exception {
        List<PoisonRecords.Poison> poisons = PoisonRecords.all();
        assertThat(poisons).hasSizeGreaterThanOrEqualTo(20);
        createTopics(EVENTS, "events.clean", TopicNames.DEAD_LETTERS, TopicNames.predictions(MODEL));
        List<ProducerRecord<byte[], byte[]>> mix = new ArrayList<>();
        for (int i = 0, p = 0; i < GOOD || p < poisons.size(); i++) {
            if (i < GOOD) mix.add(PoisonRecords.good(EVENTS, i));
            if (p < poisons.size()) mix.add(poisons.get(p++).record(EVENTS));
        }
        produce(mix);
        Set<String> envelopePoison = sha256Of(poisons, PoisonRecords.Scope.ENVELOPE);
        Set<String> allPoison = sha256Of(poisons, (PoisonRecords.Scope) null);

        // ingest with the flights schema: every poison dead-lettered at the source, every good event out once
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        EventIngestJob.build(env, KAFKA.bootstrapServers(), EVENTS, "events.clean", "fuzz-ingest", TopicNames.DEAD_LETTERS,
                1_048_576, EventTimeBounds.DEFAULT, PayloadSchema.parse(PoisonRecords.FLIGHTS_SCHEMA));
        JobClient ingest = env.executeAsync("fuzz-ingest");
        List<ConsumerRecord<byte[], byte[]>> clean = KAFKA.consume("events.clean", GOOD, Duration.ofSeconds(90));
        assertThat(keys(clean)).hasSize(GOOD).allMatch(k -> k.startsWith("good-"));
        assertThat(clean).hasSize(GOOD);
        assertThat(deadLetters("ingest", allPoison.size())).containsExactlyInAnyOrderElementsOf(allPoison);
        assertNoFailures(ingest.getJobID());
        ingest.cancel().get();

        // the scoring job reads the same mix: envelope poison dead-lettered; a payload it cannot use gets the input's default
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()));
        registry.register(MODEL, resource("models/sklearn_logreg_3f.onnx"), List.of("a", "b", "c"), Map.of(), Map.of(), "test", "v1");
        registry.setAlias(MODEL, "champion", 1, null, "test", "first");
        env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(EVENTS)
                .config(ScoringConfig.of(MODEL, List.of(InputFeature.parse("a=payload:delay|0"), InputFeature.parse("b=payload:distance|0"),
                        InputFeature.parse("c=time:hour_of_day"))).withBatching(8, 20))
                .views(Map.of()).startingOffsets(OffsetsInitializer.earliest()).bounded(true).build().attach(env);
        JobID scoring = env.execute("fuzz-scoring").getJobID();
        int payloadPoison = allPoison.size() - envelopePoison.size();
        List<ConsumerRecord<byte[], byte[]>> predictions = KAFKA.consume(TopicNames.predictions(MODEL), GOOD + payloadPoison, Duration.ofSeconds(30));
        assertThat(predictions).hasSize(GOOD + payloadPoison);
        assertThat(keys(predictions)).hasSize(GOOD + payloadPoison);
        for (ConsumerRecord<byte[], byte[]> r : predictions) {
            JsonNode p = JSON.readTree(r.value());
            assertThat(p.get("score").isNumber()).as("score of %s", p.get("key")).isTrue();
            assertThat(p.get("score").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(deadLetters("scoring-" + MODEL, envelopePoison.size())).containsExactlyInAnyOrderElementsOf(envelopePoison);
        assertNoFailures(scoring);

        // a SQL feature view over the raw mix: what its JSON format cannot decode is dead-lettered, nothing good is
        TableResult sql = runOriginView();
        List<String> sqlLetters = deadLetters("sql:flights_events", 1);
        assertThat(allPoison).containsAll(sqlLetters);
        assertThat(sqlLetters).doesNotHaveDuplicates();
        assertThat(sqlLetters).contains(sha256Of(poisons, "not JSON"), sha256Of(poisons, "random bytes"), sha256Of(poisons, "truncated JSON"),
                sha256Of(poisons, "payload is an array"), sha256Of(poisons, "delay is a string"), sha256Of(poisons, "delay overflows INT"),
                sha256Of(poisons, "invalid UTF-8 in a value"));
        assertNoFailures(sql.getJobClient().orElseThrow().getJobID());

        // malformed predictions beside the scoring job's: the A/B and drift jobs dead-letter them and read the rest
        List<byte[]> badPredictions = badPredictions();
        List<ProducerRecord<byte[], byte[]>> bad = new ArrayList<>();
        for (byte[] b : badPredictions) bad.add(new ProducerRecord<>(TopicNames.predictions(MODEL), 0, "bad".getBytes(StandardCharsets.UTF_8), b));
        produce(bad);
        Set<String> badPredictionSums = badPredictions.stream().map(b -> b == null ? "null" : Sha256.hex(b)).collect(Collectors.toSet());

        env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        AbAnalysisJob.builder().bootstrapServers(KAFKA.bootstrapServers()).model(MODEL).outcomesTopic(EVENTS).labelField("late")
                .window(Duration.ofDays(1)).startingOffsets(OffsetsInitializer.earliest()).bounded(true).build().attach(env);
        JobID ab = env.execute("fuzz-ab").getJobID();
        List<String> abLetters = deadLetters("ab-" + MODEL, badPredictions.size() + envelopePoison.size());
        assertThat(abLetters).containsAll(envelopePoison).containsAll(badPredictionSums).hasSize(badPredictions.size() + envelopePoison.size());
        assertNoFailures(ab);

        env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        DriftJob.builder().bootstrapServers(KAFKA.bootstrapServers()).model(MODEL).window(Duration.ofHours(1))
                .outcomes(EVENTS, "late").startingOffsets(OffsetsInitializer.earliest()).bounded(true).build().attach(env);
        JobID drift = env.execute("fuzz-drift").getJobID();
        List<String> driftLetters = deadLetters("drift-" + MODEL, badPredictions.size() + envelopePoison.size());
        assertThat(driftLetters).containsAll(envelopePoison).containsAll(badPredictionSums).hasSize(badPredictions.size() + envelopePoison.size());
        assertNoFailures(drift);
    }

    @Test
    void aChampionThatScoresOutsideZeroOneDecidesNothingAndDeadLettersTheEvents() throws Exception {
        String model = "broken_model";
        String topic = "events.broken";
        createTopics(topic, TopicNames.predictions(model));
        List<ProducerRecord<byte[], byte[]>> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) good.add(PoisonRecords.good(topic, i));
        produce(good);
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()));
        registry.register(model, resource("models/broken_score_3f.onnx"), List.of("a", "b", "c"), Map.of(), Map.of(), "test", "v1");
        registry.setAlias(model, "champion", 1, null, "test", "first");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(topic)
                .config(ScoringConfig.of(model, List.of(InputFeature.parse("a=payload:delay|0"), InputFeature.parse("b=payload:distance|0"),
                        InputFeature.parse("c=time:hour_of_day"))).withBatching(4, 20))
                .views(Map.of()).startingOffsets(OffsetsInitializer.earliest()).bounded(true).build().attach(env);
        JobID job = env.execute("broken-champion").getJobID();
        assertThat(KAFKA.consume(TopicNames.predictions(model), 1, Duration.ofSeconds(3))).isEmpty();
        List<DeadLetter> letters = letters("scoring-" + model, 10);
        assertThat(letters).hasSize(10);
        assertThat(letters).allSatisfy(d -> assertThat(d.getError()).startsWith("champion version 1 of broken_model scored ")
                .endsWith("not a probability in [0, 1]: no decision"));
        assertThat(letters.stream().map(d -> new String(d.getKey(), StandardCharsets.UTF_8)).collect(Collectors.toSet())).hasSize(10);
        assertNoFailures(job);
    }

    @Test
    void ingestDeadLettersAnEventWhoseNormalisedRecordTheBrokerWouldRefuse() throws Exception {
        createTopics("raw.expanding", "events.expanding");
        // 900 KB in, within the 1 MiB read limit; normalised, each 1e-7 becomes 1.0E-7 and the record outgrows the sink
        String xs = String.join(",", java.util.Collections.nCopies(180_000, "1e-7"));
        byte[] expanding = ("{\"key\":\"big\",\"event_time\":1767225600000,\"payload\":{\"xs\":[" + xs + "]}}").getBytes(StandardCharsets.UTF_8);
        assertThat(expanding.length).isBetween(800_000, 1_000_000);
        produce(List.of(new ProducerRecord<>("raw.expanding", 0, null, expanding), PoisonRecords.good("raw.expanding", 1)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        EventIngestJob.build(env, KAFKA.bootstrapServers(), "raw.expanding", "events.expanding", "expanding", TopicNames.DEAD_LETTERS, 1_048_576);
        JobClient ingest = env.executeAsync("expanding-ingest");
        assertThat(keys(KAFKA.consume("events.expanding", 1, Duration.ofSeconds(60)))).containsExactly("good-1");
        List<DeadLetter> letters = letters("ingest-sink", 1);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).getError()).matches("output record of \\d+ bytes exceeds the sink's limit of 1047552 bytes");
        assertThat(letters.get(0).getSourceTopic()).isEqualTo("raw.expanding");
        assertThat(letters.get(0).getValueSize()).isGreaterThan(1_047_552);
        assertNoFailures(ingest.getJobID());
        ingest.cancel().get();
    }

    private static List<byte[]> badPredictions() {
        String ok = "{\"key\":\"p\",\"event_time\":1767225600000,\"model\":\"fuzz_model\",\"version\":1,\"variant\":\"champion\","
                + "\"decision\":true,\"score\":0.5,\"statuses\":{},\"inputs\":{\"a\":1.0},\"latency_ms\":1.0}";
        List<byte[]> out = new ArrayList<>();
        for (String s : List.of("not json", ok.replace("\"score\":0.5", "\"score\":\"NaN\""), ok.replace("\"score\":0.5", "\"score\":1.5"),
                ok.replace("\"key\":\"p\",", ""), ok.replace("\"version\":1", "\"version\":\"one\""),
                ok.replace("\"decision\":true", "\"decision\":\"yes\""), ok.replace("1767225600000", "-5"),
                ok.replace("{\"a\":1.0}", "[1]"), "[]", ok.substring(0, 40))) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private TableResult runOriginView() throws Exception {
        String script = Files.readString(Path.of(System.getProperty("tributary.root"), "sql/features/flights_origin_1h.sql"));
        script = Placeholders.substitute(script, Map.of("kafka.bootstrap.servers", KAFKA.bootstrapServers(), "redis.uri", REDIS.uri(),
                "iceberg.warehouse", dir.resolve("warehouse").toUri().toString()));
        script = script.replaceAll("'format' = '(tributary-)?json'", "$0, 'scan.bounded.mode' = 'latest-offset'")
                .replace("'scan.startup.mode' = 'group-offsets'", "'scan.startup.mode' = 'earliest-offset'");
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set("parallelism.default", "1");
        TableResult last = null;
        for (SqlScript.Statement st : SqlScript.split(script)) {
            var result = EmbeddedSql.execute(tEnv, st.sql());
            if (result.isPresent()) {
                result.get().await();
                last = result.get();
            }
        }
        return last;
    }

    /** The SHA-256 of each dead letter's value of one stage, read until {@code atLeast} of them or the timeout. */
    private static List<String> deadLetters(String stage, int atLeast) throws Exception {
        return letters(stage, atLeast).stream().map(d -> d.getValueSha256() == null ? "null" : d.getValueSha256()).toList();
    }

    private static List<DeadLetter> letters(String stage, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<DeadLetter> mine = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            mine.clear();
            for (ConsumerRecord<byte[], byte[]> r : KAFKA.consume(TopicNames.DEAD_LETTERS, Integer.MAX_VALUE, Duration.ofSeconds(2))) {
                DeadLetter d = DeadLetterJson.fromJson(r.value());
                assertThat(d.getError()).as("every dead letter says why").isNotBlank();
                if (stage.equals(d.getStage())) mine.add(d);
            }
            if (mine.size() >= atLeast) break;
        }
        return mine;
    }

    private static Set<String> sha256Of(List<PoisonRecords.Poison> poisons, PoisonRecords.Scope scope) {
        return poisons.stream().filter(p -> scope == null || p.scope() == scope)
                .map(p -> p.value() == null ? "null" : Sha256.hex(p.value())).collect(Collectors.toSet());
    }

    private static String sha256Of(List<PoisonRecords.Poison> poisons, String kind) {
        PoisonRecords.Poison p = poisons.stream().filter(x -> x.kind().equals(kind)).findFirst().orElseThrow();
        return p.value() == null ? "null" : Sha256.hex(p.value());
    }

    private static Set<String> keys(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        Set<String> keys = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records) keys.add(JSON.readTree(r.value()).get("key").asText());
        return keys;
    }

    /** The job's exception history from the REST API: empty when no task ever failed (no restart). */
    private static void assertNoFailures(JobID job) throws Exception {
        var conf = FLINK.getClientConfiguration();
        String url = "http://" + conf.get(RestOptions.ADDRESS) + ":" + conf.get(RestOptions.PORT) + "/jobs/" + job + "/exceptions";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        JsonNode history = JSON.readTree(r.body()).path("exceptionHistory").path("entries");
        assertThat(history.size()).as("failures of job %s: %s", job, r.body()).isZero();
    }

    private static void createTopics(String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            List<NewTopic> news = new ArrayList<>();
            // records up to 4 MiB reach the topics, so that the jobs' own size limit is what refuses the huge one
            for (String t : topics) news.add(new NewTopic(t, 1, (short) 1).configs(Map.of("max.message.bytes", "4194304")));
            for (var f : admin.createTopics(news).values().values()) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) throw e;
                }
            }
        }
    }

    private static void produce(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4194304);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) producer.send(r).get();
        }
    }

    private static byte[] resource(String name) throws Exception {
        try (var in = PoisonRecordsITCase.class.getClassLoader().getResourceAsStream(name)) {
            return java.util.Objects.requireNonNull(in, name).readAllBytes();
        }
    }
}
