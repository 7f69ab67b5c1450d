package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.PredictionJson;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.topic.TopicNames;
import io.tributary.inference.ScoringJob;
import io.tributary.inference.input.InputFeature;
import io.tributary.inference.score.ScoringConfig;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.FreePorts;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.KafkaTopicReader;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code tributary serve} restarted under load, as its own process: stopped with SIGTERM (as {@code down} and the
 * supervisor stop it) and killed with SIGKILL, each time started again on the same ports while clients keep sending.
 * Nothing accepted is lost: every request that reached the requests topic has exactly one committed prediction per
 * row; every request accepted before the SIGTERM was answered (the gateway drains); an answer equals the committed
 * prediction. Only the kill may leave accepted requests unanswered, and those are still scored and logged.
 */
class ServeRestartITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "restarted_model";
    private static final List<String> FEATURES = List.of("a", "b", "c");
    private static final int CLIENTS = 6;
    /** Phases of the run, recorded with each request when it was sent. */
    private static final int BEFORE_TERM = 0, AFTER_TERM = 1, AFTER_KILL = 2;

    @TempDir static Path dir;
    private static JobClient job;
    private static int httpPort, grpcPort;

    /** One client request and what became of it; {@code phase}: when its answer (or failure) came. */
    private record Outcome(String clientId, int phase, int status, String requestId, double score, String error) {}

    @BeforeAll
    static void start() throws Exception {
        byte[] logreg;
        try (InputStream in = ServeRestartITCase.class.getClassLoader().getResourceAsStream("models/sklearn_logreg_3f.onnx")) {
            logreg = in.readAllBytes();
        }
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("models").toUri().toString()));
        registry.register(MODEL, logreg, FEATURES, Map.of(), Map.of(), "test", "v1");
        registry.setAlias(MODEL, "champion", 1, null, "test", "first");
        KAFKA.createTopics(1, TopicNames.requests(MODEL), TopicNames.predictions(MODEL));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(2_000); // committed predictions become visible to the read_committed check below
        List<InputFeature> inputs = FEATURES.stream().map(f -> InputFeature.parse(f + "=payload:" + f)).toList();
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).redisUri(REDIS.uri()).eventsTopic(TopicNames.requests(MODEL))
                .config(ScoringConfig.of(MODEL, inputs).withBatching(8, 2)).views(Map.of())
                .startingOffsets(OffsetsInitializer.earliest()).build().attach(env);
        job = env.executeAsync("scoring " + MODEL);
        int[] ports = FreePorts.distinct(2);
        httpPort = ports[0];
        grpcPort = ports[1];
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) job.cancel().get(30, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES) // a hang guard, not a speed check
    void aRestartedGatewayLosesNoAcceptedRequest() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        Process gateway = startGateway(1);
        awaitAnswering(client, outcomes);

        AtomicInteger phase = new AtomicInteger(BEFORE_TERM);
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (sending.get()) {
                    Outcome o = send(client, "client-" + sequence.incrementAndGet(), phase);
                    outcomes.add(o);
                    if (o.status() != 200) sleep(50); // the gateway is restarting: do not spin
                }
                return null;
            });
        }

        Thread.sleep(4_000);
        long served = outcomes.stream().filter(o -> o.status() == 200).count();
        phase.set(AFTER_TERM);
        gateway.destroy(); // SIGTERM: stop accepting, answer what was accepted, exit
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits after draining").isTrue();
        gateway = startGateway(2);
        awaitServedMoreThan(outcomes, served);
        Thread.sleep(4_000);

        served = outcomes.stream().filter(o -> o.status() == 200).count();
        phase.set(AFTER_KILL);
        gateway.destroyForcibly(); // SIGKILL: answers in flight are lost, the requests already on Kafka are not
        gateway.waitFor(30, TimeUnit.SECONDS);
        gateway = startGateway(3);
        awaitServedMoreThan(outcomes, served);
        Thread.sleep(3_000);
        sending.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
        gateway.destroy();
        gateway.waitFor(60, TimeUnit.SECONDS);

        Map<String, String> accepted = acceptedRequests(); // request id -> client id
        Map<String, JsonNode> committed = committedPredictions(accepted.keySet());
        Map<String, Outcome> byClient = new HashMap<>();
        outcomes.forEach(o -> byClient.put(o.clientId(), o));

        // nothing accepted is lost: one committed prediction per accepted request (one row each)
        assertThat(committed.keySet()).containsExactlyInAnyOrderElementsOf(accepted.keySet());
        for (Outcome o : outcomes) {
            if (o.status() != 200) continue;
            assertThat(accepted).as("an answered request was accepted").containsEntry(o.requestId(), o.clientId());
            assertThat(committed.get(o.requestId()).get("score").asDouble()).as(o.clientId()).isCloseTo(o.score(), within(1e-12));
        }
        List<String> lostAnswers = new ArrayList<>();
        accepted.forEach((requestId, clientId) -> {
            Outcome o = byClient.get(clientId);
            assertThat(o).as("request " + requestId + " came from a client of this test").isNotNull();
            if (o.status() != 200) {
                assertThat(o.phase()).as("only the kill leaves accepted requests unanswered: " + o).isEqualTo(AFTER_KILL);
                assertThat(o.status()).as("the killed gateway's connection broke: " + o).isEqualTo(-1);
                lostAnswers.add(clientId);
            }
        });
        long answered = outcomes.stream().filter(o -> o.status() == 200).count();
        long refused = outcomes.size() - answered - lostAnswers.size();
        System.out.printf("restart under load: %d requests sent, %d answered, %d refused before acceptance (restarting), "
                        + "%d accepted whose answer the kill lost (each scored and logged), %d accepted in all%n",
                outcomes.size(), answered, refused, lostAnswers.size(), accepted.size());
        for (int p : List.of(BEFORE_TERM, AFTER_TERM, AFTER_KILL)) {
            assertThat(outcomes).as("requests answered in phase " + p).anyMatch(o -> o.phase() == p && o.status() == 200);
        }
    }

    private static Outcome send(HttpClient client, String clientId, AtomicInteger phase) {
        double a = (clientId.hashCode() % 100) / 50.0, b = 0.3, c = -0.7;
        String body = "{\"id\": \"" + clientId + "\", \"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [" + a
                + "]}, {\"name\": \"b\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [" + b
                + "]}, {\"name\": \"c\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [" + c + "]}]}";
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v2/models/" + MODEL + "/infer"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(r.body());
            if (r.statusCode() != 200) return new Outcome(clientId, phase.get(), r.statusCode(), null, Double.NaN, json.path("error").asText());
            double score = Double.NaN;
            for (JsonNode out : json.get("outputs")) if (out.get("name").asText().equals("score")) score = out.get("data").get(0).asDouble();
            return new Outcome(clientId, phase.get(), 200, json.get("parameters").get("request_id").asText(), score, null);
        } catch (Exception e) {
            return new Outcome(clientId, phase.get(), -1, null, Double.NaN, e.toString());
        }
    }

    private static Process startGateway(int n) throws Exception {
        // failsafe's own classpath property: java.class.path may be a manifest-only booter jar
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", classpath, "io.tributary.jobs.cli.TributaryCommand", "serve",
                "--http-port", String.valueOf(httpPort), "--grpc-port", String.valueOf(grpcPort),
                "-D", "kafka.bootstrap.servers=" + KAFKA.bootstrapServers(), "-D", "redis.uri=" + REDIS.uri(),
                "-D", "serve.timeout-ms=30000", "-D", "serve.max-in-flight-per-model=1000"));
        File log = Path.of("target", "serve-restart-" + n + ".log").toFile();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        HttpClient probe = HttpClient.newHttpClient();
        // waits as long as it takes: the test's @Timeout guards against a gateway that never gets ready
        while (true) {
            assertThat(p.isAlive()).as("gateway %d is running (log: %s)", n, log).isTrue();
            try {
                if (probe.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v2/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return p;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
    }

    /** The first requests (the gateway sets up the model's topics and reader then), kept with the others. */
    private static void awaitAnswering(HttpClient client, ConcurrentLinkedQueue<Outcome> outcomes) throws Exception {
        for (int i = 0; ; i++) { // until answered; the test's @Timeout is the hang guard
            Outcome o = send(client, "warm-up-" + i, new AtomicInteger(BEFORE_TERM));
            outcomes.add(o);
            if (o.status() == 200) return;
            Thread.sleep(1_000);
        }
    }

    /** Until more requests were answered than {@code served}: the restarted gateway serves again (@Timeout guards). */
    private static void awaitServedMoreThan(ConcurrentLinkedQueue<Outcome> outcomes, long served) throws InterruptedException {
        while (outcomes.stream().filter(o -> o.status() == 200).count() <= served) Thread.sleep(100);
    }

    /** Every request on the requests topic (its rows keyed {@code <request id>-<row>}), with the client's id header. */
    private static Map<String, String> acceptedRequests() {
        Map<String, String> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTopicReader.readToEnd(KAFKA.bootstrapServers(), TopicNames.requests(MODEL), "read_uncommitted")) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            Header client = r.headers().lastHeader(InferenceGateway.CLIENT_ID_HEADER);
            out.put(key.substring(0, key.lastIndexOf('-')), client == null ? null : new String(client.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The committed deciding predictions by request id, waiting until every expected one is there. */
    private static Map<String, JsonNode> committedPredictions(java.util.Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Map<String, JsonNode> out = new HashMap<>();
        int duplicates;
        do {
            out.clear();
            duplicates = 0;
            for (ConsumerRecord<byte[], byte[]> r : KafkaTopicReader.readToEnd(KAFKA.bootstrapServers(), TopicNames.predictions(MODEL), "read_committed")) {
                JsonNode p = PredictionJson.parse(r.value());
                if (!p.get("decision").asBoolean()) continue;
                String key = p.get("key").asText();
                if (out.put(key.substring(0, key.lastIndexOf('-')), p) != null) duplicates++;
            }
            if (out.keySet().containsAll(expected)) break;
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        assertThat(duplicates).as("committed predictions of the same row").isZero();
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
