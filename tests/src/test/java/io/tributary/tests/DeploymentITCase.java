package io.tributary.tests;

import io.tributary.testing.FreePorts;
import io.tributary.core.config.TributaryConfig;
import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.DeadLetterJson;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.jobs.DeployableJob;
import io.tributary.jobs.cluster.FlinkRestClient;
import io.tributary.jobs.sql.SqlGatewayClient;
import io.tributary.jobs.sql.SqlRunner;
import io.tributary.jobs.sql.SqlStatementException;
import io.tributary.jobs.sql.StatementResult;
import io.tributary.jobs.stack.LocalStack;
import io.tributary.jobs.stack.StackSettings;
import io.tributary.testing.KafkaTopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How users run every stage: the real local stack (Kafka broker, redis-server, JobManager, TaskManager and SQL
 * Gateway processes) started by the same code as {@code ./tributary up}, the job jar deployed over REST, its output
 * read with a consumer, SQL through the gateway, and everything stopped by {@code down}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentITCase {
    private static LocalStack stack;
    private static StackSettings settings;
    private static final List<String> log = new ArrayList<>();
    private static String jobId;

    @BeforeAll
    static void up() throws Exception {
        Path root = Path.of(System.getProperty("tributary.root"));
        Path state = Files.createTempDirectory("tributary-stack");
        int[] ports = FreePorts.distinct(6);
        TributaryConfig config = TributaryConfig.load(null, List.of(
                "stack.dir=" + state,
                "stack.kafka.port=" + ports[0], "stack.kafka.controller-port=" + ports[1],
                "stack.redis.port=" + ports[2], "stack.flink.rest-port=" + ports[3],
                "stack.flink.rpc-port=" + ports[4], "stack.sql-gateway.port=" + ports[5]));
        settings = StackSettings.from(config, root);
        stack = new LocalStack(settings);
        List<LocalStack.Started> started = stack.up(List.of(), log::add);
        assertThat(started).extracting(LocalStack.Started::service).containsExactlyElementsOf(LocalStack.SERVICES);
        assertThat(started).noneMatch(LocalStack.Started::alreadyRunning);
    }

    @AfterAll
    static void down() {
        if (stack == null) return;
        List<LocalStack.ServiceStatus> before = stack.status();
        stack.down(List.of(), log::add);
        for (LocalStack.ServiceStatus s : before) {
            if (s.pid() > 0) {
                assertThat(ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false))
                        .as("%s (pid %d) stopped by down", s.service(), s.pid()).isFalse();
            }
        }
        assertThat(stack.status()).allMatch(s -> s.state().equals("stopped"));
    }

    @Test
    @Order(1)
    void upIsIdempotentAndStatusReportsEveryService() {
        List<LocalStack.Started> again = stack.up(List.of(), log::add);
        assertThat(again).allMatch(LocalStack.Started::alreadyRunning);
        List<LocalStack.ServiceStatus> status = stack.status();
        assertThat(status).extracting(LocalStack.ServiceStatus::service).containsExactlyElementsOf(LocalStack.SERVICES);
        assertThat(status).allMatch(s -> s.state().equals("running") && s.pid() > 0 && s.rssKiB() > 0);
        assertThat(log).anyMatch(l -> l.startsWith("kafka ready in"))
                .anyMatch(l -> l.equals("kafka already running (pid " + status.get(0).pid() + ")"));
    }

    @Test
    @Order(2)
    void aSecondStackOnTheSamePortsIsRefusedWithThePortAndTheKey() throws Exception {
        Path other = Files.createTempDirectory("tributary-stack-2");
        StackSettings clash = new StackSettings(settings.root(), other, settings.platformClasspath(),
                settings.kafkaPort(), settings.kafkaControllerPort(), settings.redisPort(), settings.flinkRestPort(),
                settings.flinkRpcPort(), settings.sqlGatewayPort());
        assertThatThrownBy(() -> new LocalStack(clash).up(List.of("kafka"), m -> { }))
                .hasMessageContaining("port " + settings.kafkaPort())
                .hasMessageContaining("needed by kafka, is in use")
                .hasMessageContaining("-D stack.kafka.port=");
    }

    @Test
    @Order(3)
    void deployedIngestJobValidatesEventsExactlyOnce() throws Exception {
        FlinkRestClient flink = new FlinkRestClient(settings.flinkRestUrl());
        Path jar = Path.of(System.getProperty("tributary.job.jar"));
        String jarId = flink.uploadJar(jar);
        jobId = flink.runJar(jarId, DeployableJob.INGEST.entryClass(), List.of("--bootstrap-servers",
                settings.kafkaBootstrap(), "--input", "raw.deploy", "--output", "events.deploy",
                "--checkpoint-interval-ms", "1000"), 1);
        awaitState(flink, jobId, "RUNNING");
        assertThat(flink.jobs()).anyMatch(j -> j.id().equals(jobId) && j.name().contains("raw.deploy"));

        EventSerde serde = new EventSerde();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("raw.deploy", serde.serialize(
                        new EventEnvelope("deploy", "k" + i, 978_307_200_000L + i * 60_000L, Map.of("i", i))))).get();
            }
            producer.send(new ProducerRecord<>("raw.deploy", "{\"key\": 1}".getBytes(StandardCharsets.UTF_8))).get();
        }
        List<ConsumerRecord<byte[], byte[]>> out = KafkaTopicReader.readCommitted(settings.kafkaBootstrap(),
                "events.deploy", 50, Duration.ofSeconds(90));
        assertThat(out).hasSize(50);
        Set<String> keys = out.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
        assertThat(keys).hasSize(50);
        EventEnvelope first = serde.parse(out.get(0).value(), "x");
        assertThat(first.getSource()).isEqualTo("deploy");
        assertThat(out.get(0).timestamp()).isEqualTo(first.getEventTimeMillis());

        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTopicReader.readCommitted(settings.kafkaBootstrap(),
                "deadletter", 1, Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        DeadLetter d = DeadLetterJson.fromJson(dead.get(0).value());
        assertThat(d.getSourceTopic()).isEqualTo("raw.deploy");
        assertThat(d.getOffset()).isEqualTo(50);
        assertThat(d.getError()).isEqualTo("field 'key' must be a string, got a number");
    }

    @Test
    @Order(4)
    void sqlGatewayRunsKafkaSqlAndNamesTheFailingStatement() {
        String script = String.join("\n",
                "-- read what the ingest job wrote",
                "CREATE TABLE deployed (`key` STRING, source STRING) WITH (",
                "  'connector' = 'kafka', 'topic' = 'events.deploy',",
                "  'properties.bootstrap.servers' = '" + settings.kafkaBootstrap() + "',",
                "  'properties.isolation.level' = 'read_committed',",
                "  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',",
                "  'format' = 'json');",
                "SELECT COUNT(*) AS n, COUNT(DISTINCT `key`) AS keys FROM deployed;",
                "SELECT no_such_column FROM deployed;");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (SqlGatewayClient gw = new SqlGatewayClient(settings.sqlGatewayUrl(), Map.of())) {
            List<StatementResult> results = new ArrayList<>();
            assertThatThrownBy(() -> SqlRunner.run(script, st -> {
                StatementResult r = gw.execute(st.sql(), 100, Duration.ofSeconds(120));
                results.add(r);
                return r;
            }, new PrintStream(buf, true, StandardCharsets.UTF_8)))
                    .isInstanceOf(SqlStatementException.class)
                    .hasMessageContaining("statement 3 (line 9: SELECT no_such_column FROM deployed)")
                    .hasMessageContaining("Column 'no_such_column' not found");
            StatementResult count = results.get(1);
            List<String> last = count.rows().get(count.rows().size() - 1);
            assertThat(last.subList(last.size() - 2, last.size())).containsExactly("50", "50");
        }
    }

    @Test
    @Order(5)
    void aFeatureViewWrittenInSqlRunsOnTheClusterAndFillsRedis() throws Exception {
        EventSerde serde = new EventSerde();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        long t0 = 978_307_200_000L;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 200; i++) {
                long ts = t0 + i * 60_000L; // 200 minutes of flights: three hourly windows close
                EventEnvelope e = new EventEnvelope("flights", "f" + i, ts, Map.of("origin", i % 2 == 0 ? "ORD" : "ATL",
                        "destination", "LAX", "delay", i % 30, "distance", 500, "late", i % 30 > 15));
                producer.send(new ProducerRecord<>("events.flights", null, ts, e.getKey().getBytes(StandardCharsets.UTF_8),
                        serde.serialize(e))).get();
            }
        }
        String script = io.tributary.core.sql.Placeholders.substitute(Files.readString(
                settings.root().resolve("sql/features/flights_origin_1h.sql")), Map.of(
                "kafka.bootstrap.servers", settings.kafkaBootstrap(), "redis.uri", settings.redisUri(),
                "iceberg.warehouse", settings.warehouse().toUri().toString()));
        String sqlJob;
        try (SqlGatewayClient gw = new SqlGatewayClient(settings.sqlGatewayUrl(), Map.of())) {
            List<StatementResult> results = new ArrayList<>();
            SqlRunner.run(script, st -> {
                StatementResult r = gw.execute(st.sql(), 10, Duration.ofSeconds(60));
                results.add(r);
                return r;
            }, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            sqlJob = results.get(results.size() - 1).jobId();
        }
        assertThat(sqlJob).isNotNull();
        FlinkRestClient flink = new FlinkRestClient(settings.flinkRestUrl());
        awaitState(flink, sqlJob, "RUNNING");
        Map<String, String> ord = Map.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (io.tributary.core.redis.RedisConnection redis = io.tributary.core.redis.RedisConnection.connect(settings.redisUri())) {
            while (System.nanoTime() < deadline) {
                ord = redis.async().hgetall("tributary:origin_1h:ORD").get(5, TimeUnit.SECONDS);
                if (ord.containsKey("_window_end") && Long.parseLong(ord.get("_window_end")) >= t0 + 3 * 3_600_000L) break;
                assertThat(flink.jobState(sqlJob)).as(flink.rootException(sqlJob)).isEqualTo("RUNNING");
                Thread.sleep(500);
            }
        }
        // the third hour [02:00, 03:00) closed when the watermark passed it: ORD had 30 of its 60 flights
        assertThat(ord).containsEntry("_window_end", String.valueOf(t0 + 3 * 3_600_000L))
                .containsEntry("departures", "30").containsEntry("_version", "sql-1").containsEntry("last_destination", "LAX");
        flink.cancel(sqlJob);
        awaitState(flink, sqlJob, "CANCELED");
    }

    @Test
    @Order(6)
    void aDeployedScoringJobServesTheRegistryChampion() throws Exception {
        io.tributary.core.models.ModelRegistry registry = new io.tributary.core.models.ModelRegistry(settings.kafkaBootstrap(),
                new io.tributary.core.models.ArtifactStore(settings.warehouse().resolve("models").toUri().toString()));
        registry.register("deploy_model", resource("models/sklearn_logreg_3f.onnx"), List.of("x0", "x1", "x2"), Map.of(), Map.of(), "test", "v1");
        registry.setAlias("deploy_model", "champion", 1, null, "test", "deployment test");
        FlinkRestClient flink = new FlinkRestClient(settings.flinkRestUrl());
        String jarId = flink.uploadJar(Path.of(System.getProperty("tributary.job.jar")));
        String scoring = flink.runJar(jarId, DeployableJob.SCORE.entryClass(), List.of("--bootstrap-servers",
                settings.kafkaBootstrap(), "--redis", settings.redisUri(), "--model", "deploy_model", "--events", "events.score",
                "--inputs", "x0=payload:x0;x1=payload:x1;x2=payload:x2"), 1);
        awaitState(flink, scoring, "RUNNING");
        List<double[]> expected = expectedScores();
        EventSerde serde = new EventSerde();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < expected.size(); i++) {
                double[] r = expected.get(i);
                producer.send(new ProducerRecord<>("events.score", serde.serialize(new EventEnvelope("deploy", "s" + i,
                        978_307_200_000L + i, Map.of("x0", r[0], "x1", r[1], "x2", r[2]))))).get();
            }
        }
        List<ConsumerRecord<byte[], byte[]>> out = KafkaTopicReader.readCommitted(settings.kafkaBootstrap(),
                "predictions.deploy_model", expected.size(), Duration.ofSeconds(90));
        assertThat(out).hasSize(expected.size());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            var prediction = json.readTree(r.value());
            int i = Integer.parseInt(prediction.get("key").asText().substring(1));
            assertThat(prediction.get("version").asInt()).isEqualTo(1);
            assertThat(prediction.get("score").asDouble()).isCloseTo(expected.get(i)[3], org.assertj.core.api.Assertions.within(1e-6));
        }
        // the headline metrics of `tributary status`, scraped from the TaskManager's Prometheus endpoint
        Map<String, Double> headline = Map.of();
        for (int i = 0; i < 50 && headline.getOrDefault("predictions", 0.0) < expected.size(); i++) {
            headline = io.tributary.jobs.metrics.HeadlineMetrics.scrape("127.0.0.1", 9249, 9259)
                    .getOrDefault(scoring, Map.of());
            Thread.sleep(200);
        }
        assertThat(headline).containsEntry("predictions", (double) expected.size()).containsEntry("championVersion", 1.0)
                .containsKey("predictionLatencyMs_p99");
        flink.cancel(scoring);
        awaitState(flink, scoring, "CANCELED");
    }

    @Test
    @Order(7)
    void mlPredictRunsTheChampionThroughTheSqlGateway() throws Exception {
        List<double[]> expected = expectedScores().subList(0, 5);
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < expected.size(); i++) {
            double[] r = expected.get(i);
            values.append(i == 0 ? "" : ", ").append(String.format("(%d, CAST(%s AS DOUBLE), CAST(%s AS DOUBLE), CAST(%s AS DOUBLE))",
                    i, r[0], r[1], r[2]));
        }
        String script = String.join("\n",
                "CREATE TEMPORARY MODEL deploy_model INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (p DOUBLE) WITH (",
                "  'provider' = 'onnx', 'model' = 'deploy_model', 'alias' = 'champion',",
                "  'registry.bootstrap-servers' = '" + settings.kafkaBootstrap() + "');",
                "CREATE TEMPORARY VIEW rows_to_score AS SELECT * FROM (VALUES " + values + ") AS t(i, x0, x1, x2);",
                "SELECT i, p FROM ML_PREDICT(TABLE rows_to_score, MODEL deploy_model, DESCRIPTOR(x0, x1, x2));");
        try (SqlGatewayClient gw = new SqlGatewayClient(settings.sqlGatewayUrl(), Map.of())) {
            List<StatementResult> results = new ArrayList<>();
            SqlRunner.run(script, st -> {
                StatementResult r = gw.execute(st.sql(), 100, Duration.ofSeconds(120));
                results.add(r);
                return r;
            }, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            List<List<String>> rows = results.get(results.size() - 1).rows();
            Map<Integer, Double> scores = new java.util.HashMap<>();
            for (List<String> row : rows) {
                // rows carry the change kind first when the gateway reports it; the last two columns are i and p
                scores.put(Integer.parseInt(row.get(row.size() - 2)), Double.parseDouble(row.get(row.size() - 1)));
            }
            assertThat(scores).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(scores.get(i)).as("row %d", i).isCloseTo(expected.get(i)[3], org.assertj.core.api.Assertions.within(1e-6));
            }
        }
    }

    /** Rows of sklearn's oracle for the model made by make_sklearn_models.py: x0, x1, x2, predict_proba. */
    private static List<double[]> expectedScores() throws Exception {
        List<double[]> rows = new ArrayList<>();
        String csv = new String(resource("models/sklearn_logreg_3f.expected.csv"), StandardCharsets.UTF_8);
        for (String line : csv.split("\n")) {
            if (line.isBlank() || line.startsWith("x0")) continue;
            rows.add(java.util.Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        return rows;
    }

    private static byte[] resource(String path) throws java.io.IOException {
        try (var in = java.util.Objects.requireNonNull(DeploymentITCase.class.getClassLoader().getResourceAsStream(path), path)) {
            return in.readAllBytes();
        }
    }

    @Test
    @Order(8)
    void cancelStopsTheJob() throws Exception {
        FlinkRestClient flink = new FlinkRestClient(settings.flinkRestUrl());
        flink.cancel(jobId);
        awaitState(flink, jobId, "CANCELED");
    }

    /** Polls the job's state (at most 450 times, 200 ms apart) and asserts it reached {@code state}, never failing. */
    private static void awaitState(FlinkRestClient flink, String id, String state) throws InterruptedException {
        String s = flink.jobState(id);
        for (int polls = 0; !s.equals(state) && polls < 450; polls++) {
            assertThat(s).as("job %s state (%s)", id, flink.rootException(id)).isNotIn("FAILED", "FAILING");
            Thread.sleep(200);
            s = flink.jobState(id);
        }
        assertThat(s).as("state of job %s", id).isEqualTo(state);
    }
}
