package io.tributary.tests;

import io.tributary.testing.FreePorts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.config.TributaryConfig;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.jobs.DeployableJob;
import io.tributary.jobs.cluster.FlinkRestClient;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 on real processes: the stack of {@code ./tributary up} with ZooKeeper HA, two TaskManagers and the
 * supervisor. A checkpointing exactly-once job survives {@code kill -9} of the TaskManager running it and of the
 * JobManager (same job id, restored from its checkpoint), and a killed redis-server comes back with its data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackRecoveryITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalStack stack;
    private static StackSettings settings;
    private static final List<String> log = new ArrayList<>();
    private static String jobId;
    private static int produced;

    @BeforeAll
    static void up() throws Exception {
        Path root = Path.of(System.getProperty("tributary.root"));
        Path state = Files.createTempDirectory("tributary-recovery");
        int[] ports = FreePorts.distinct(7);
        settings = StackSettings.from(TributaryConfig.load(null, List.of(
                "stack.dir=" + state,
                "stack.kafka.port=" + ports[0], "stack.kafka.controller-port=" + ports[1],
                "stack.redis.port=" + ports[2], "stack.flink.rest-port=" + ports[3],
                "stack.flink.rpc-port=" + ports[4], "stack.sql-gateway.port=" + ports[5], "stack.zookeeper.port=" + ports[6],
                "stack.ha=zookeeper", "stack.flink.taskmanagers=2", "stack.supervisor=true")), root);
        stack = new LocalStack(settings);
        List<LocalStack.Started> started = stack.up(List.of("zookeeper", "kafka", "redis", "jobmanager", "taskmanager",
                "supervisor"), log::add);
        assertThat(started).extracting(LocalStack.Started::service).containsExactly("zookeeper", "kafka", "redis",
                "jobmanager", "taskmanager", "taskmanager-2", "supervisor");
    }

    @AfterAll
    static void down() {
        if (stack == null) return;
        List<LocalStack.ServiceStatus> before = stack.status();
        List<String> stopped = stack.down(List.of(), log::add);
        assertThat(stopped).first().as("down stops the supervisor first").isEqualTo("supervisor");
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
    void aDeployedJobRunsWithHaAndBothTaskManagersRegistered() throws Exception {
        assertThat(taskManagerIds()).containsExactlyInAnyOrder("taskmanager", "taskmanager-2");
        FlinkRestClient flink = new FlinkRestClient(settings.flinkRestUrl());
        String jarId = flink.uploadJar(Path.of(System.getProperty("tributary.job.jar")));
        jobId = flink.runJar(jarId, DeployableJob.INGEST.entryClass(), List.of("--bootstrap-servers",
                settings.kafkaBootstrap(), "--input", "raw.recovery", "--output", "events.recovery",
                "--checkpoint-interval-ms", "1000"), 1);
        awaitRunning(() -> true);
        produceAndAwait("before");
        assertThat(Files.readString(settings.flinkConfDir().resolve("config.yaml"))).contains("high-availability.type: zookeeper");
    }

    @Test
    @Order(2)
    void aKilledTaskManagerIsRestartedByTheSupervisorAndTheJobRunsAgain() throws Exception {
        String victim = taskManagerOfJob();
        ProcessHandle tm = livePid(victim).orElseThrow();
        long t0 = System.nanoTime();
        tm.destroyForcibly(); // SIGKILL
        tm.onExit().get(10, TimeUnit.SECONDS);
        awaitRunning(() -> exceptionCount() >= 1);
        log.add(String.format("job RUNNING again %.1f s after kill -9 of %s", (System.nanoTime() - t0) / 1e9, victim));
        await("supervisor restarts " + victim, () -> livePid(victim).filter(h -> h.pid() != tm.pid()).isPresent()
                && taskManagerIds().contains(victim));
        log.add(String.format("%s registered again %.1f s after its kill", victim, (System.nanoTime() - t0) / 1e9));
        assertThat(stack.status()).filteredOn(s -> s.service().equals(victim))
                .singleElement().satisfies(s -> assertThat(s.restarts()).isEqualTo(1));
        produceAndAwait("after-tm");
    }

    @Test
    @Order(3)
    void aKilledJobManagerComesBackWithTheSameJobFromItsCheckpoint() throws Exception {
        ProcessHandle jm = livePid("jobmanager").orElseThrow();
        long t0 = System.nanoTime();
        jm.destroyForcibly();
        jm.onExit().get(10, TimeUnit.SECONDS);
        await("supervisor restarts the JobManager", () -> livePid("jobmanager").filter(h -> h.pid() != jm.pid()).isPresent());
        awaitRunning(() -> true);
        log.add(String.format("job %s RUNNING again %.1f s after kill -9 of the JobManager", jobId, (System.nanoTime() - t0) / 1e9));
        JsonNode job = get("/jobs/" + jobId).orElseThrow();
        assertThat(job.path("jid").asText()).isEqualTo(jobId);
        assertThat(stack.status()).filteredOn(s -> s.service().equals("jobmanager"))
                .singleElement().satisfies(s -> assertThat(s.restarts()).isEqualTo(1));
        produceAndAwait("after-jm");
        // exactly once across both kills: every record once, none twice (a replay from a checkpoint would duplicate)
        List<ConsumerRecord<byte[], byte[]>> all = KafkaTopicReader.readCommitted(settings.kafkaBootstrap(),
                "events.recovery", produced + 1, Duration.ofSeconds(8));
        Set<String> keys = all.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
        assertThat(all).hasSize(produced);
        assertThat(keys).hasSize(produced);
    }

    @Test
    @Order(4)
    void aKilledRedisComesBackWithItsData() throws Exception {
        assertThat(redis("SET recovery:key kept")).isEqualTo("+OK");
        Thread.sleep(1500); // appendfsync everysec
        ProcessHandle r = livePid("redis").orElseThrow();
        r.destroyForcibly();
        r.onExit().get(10, TimeUnit.SECONDS);
        await("supervisor restarts redis", () -> livePid("redis").filter(h -> h.pid() != r.pid()).isPresent()
                && stack.status().stream().anyMatch(s -> s.service().equals("redis") && s.state().equals("running")));
        assertThat(redis("GET recovery:key")).isEqualTo("$4\r\nkept");
        System.out.println(String.join("\n", log));
    }

    /** One inline Redis command; the reply's first two lines. */
    private static String redis(String command) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), settings.redisPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String first = in.readLine();
            return first.startsWith("$") && !first.equals("$-1") ? first + "\r\n" + in.readLine() : first;
        }
    }

    private static void produceAndAwait(String batch) throws Exception {
        EventSerde serde = new EventSerde();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("raw.recovery", serde.serialize(
                        new EventEnvelope("recovery", batch + "-" + i, 978_307_200_000L + produced * 60_000L, Map.of("i", i))))).get();
                produced++;
            }
        }
        List<ConsumerRecord<byte[], byte[]>> out = KafkaTopicReader.readCommitted(settings.kafkaBootstrap(),
                "events.recovery", produced, Duration.ofSeconds(90));
        assertThat(out).as("records of %s and before, committed by the job", batch).hasSizeGreaterThanOrEqualTo(produced);
    }

    /** Waits until the job is RUNNING with every task running and {@code also} holds. */
    private static void awaitRunning(Supplier<Boolean> also) throws InterruptedException {
        await("job " + jobId + " RUNNING", () -> get("/jobs/" + jobId).map(job -> job.path("state").asText().equals("RUNNING")
                && allTasksRunning(job)).orElse(false) && also.get());
    }

    private static boolean allTasksRunning(JsonNode job) {
        for (JsonNode v : job.path("vertices")) if (!v.path("status").asText().equals("RUNNING")) return false;
        return job.path("vertices").size() > 0;
    }

    private static int exceptionCount() {
        return get("/jobs/" + jobId + "/exceptions").map(e -> e.path("exceptionHistory").path("entries").size()).orElse(0);
    }

    private static String taskManagerOfJob() {
        JsonNode job = get("/jobs/" + jobId).orElseThrow();
        String vertex = job.path("vertices").get(0).path("id").asText();
        JsonNode tms = get("/jobs/" + jobId + "/vertices/" + vertex + "/taskmanagers").orElseThrow();
        return tms.path("taskmanagers").get(0).path("taskmanager-id").asText();
    }

    private static List<String> taskManagerIds() {
        List<String> ids = new ArrayList<>();
        get("/taskmanagers").ifPresent(n -> n.path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText())));
        return ids;
    }

    private static Optional<ProcessHandle> livePid(String service) {
        return stack.status().stream().filter(s -> s.service().equals(service) && s.pid() > 0).findFirst()
                .flatMap(s -> ProcessHandle.of(s.pid()));
    }

    private static Optional<JsonNode> get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(settings.flinkRestUrl() + path))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty(); // the JobManager is down or restarting
        }
    }

    /** Polls {@code condition} (at most 600 times, 200 ms apart) and asserts it held. */
    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        for (int polls = 0; polls < 600; polls++) {
            if (condition.get()) return;
            Thread.sleep(200);
        }
        assertThat(condition.get()).as(what + "; stack log: " + log).isTrue();
    }
}
