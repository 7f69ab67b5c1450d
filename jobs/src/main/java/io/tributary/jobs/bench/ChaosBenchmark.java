package io.tributary.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.features.FeatureRegistry;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.topic.TopicNames;
import io.tributary.jobs.DeployableJob;
import io.tributary.jobs.cluster.FlinkRestClient;
import io.tributary.jobs.stack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The chaos soak of issue 16: the deployed scoring job scores events appended at a fixed rate while the harness kills
 * one process of the local stack at a time ({@code kill -9}: a TaskManager, the JobManager, a Kafka broker, Redis),
 * the stack's supervisor restarts it, and {@link ChaosLedger} accounts for every event: availability per second
 * (predictions produced with p99 below the bound, read uncommitted), downtime per fault, and lost and duplicated
 * predictions read_committed.
 */
public final class ChaosBenchmark {
    /** The fault kinds, each the service-name prefix of the processes it may kill. */
    public static final List<String> FAULTS = List.of("taskmanager", "jobmanager", "kafka", "redis");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW = "chaos_input";
    private final LocalStack stack;
    private final String kafka;
    private final String redis;
    private final FlinkRestClient flink;
    private final Path jobJar;
    private final String artifacts;
    private final PrintStream out;
    private volatile String model;
    private final java.util.concurrent.atomic.AtomicLong appendErrors = new java.util.concurrent.atomic.AtomicLong();
    private volatile String jobId;

    public ChaosBenchmark(LocalStack stack, String kafka, String redis, String flinkRestUrl, Path jobJar, String artifacts, PrintStream out) {
        this.stack = stack;
        this.kafka = kafka;
        this.redis = redis;
        this.flink = new FlinkRestClient(flinkRestUrl);
        this.jobJar = jobJar;
        this.artifacts = artifacts;
        this.out = out;
    }

    /**
     * Runs the soak: {@code rate} events/s for {@code duration}, a fault every {@code faultEvery} (kinds in turn,
     * the first after one interval), then waits for the committed predictions to catch up.
     */
    public ChaosLedger.Report run(int rate, Duration duration, Duration faultEvery, List<String> faults, Duration latencyBound) throws Exception {
        return run(rate, Duration.ofSeconds(30), duration, faultEvery, faults, latencyBound);
    }

    /**
     * As above, after {@code warmup} at the same rate, not measured: a freshly deployed job's first seconds (class
     * loading, JIT, the first checkpoints) are a cold start, not a fault.
     */
    public ChaosLedger.Report run(int rate, Duration warmup, Duration duration, Duration faultEvery, List<String> faults,
                                  Duration latencyBound) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        model = "chaos_" + run;
        String events = "events.chaos_" + run;
        KafkaTopics.ensure(kafka, 1, events, TopicNames.predictions(model));
        ModelRegistry registry = new ModelRegistry(kafka, new ArtifactStore(artifacts));
        byte[] onnx;
        try (var in = ChaosBenchmark.class.getResourceAsStream("/bench/sklearn_logreg_3f.onnx")) {
            onnx = in.readAllBytes();
        }
        // an online input, so that every event makes a Redis round trip (its value is not found: the default serves)
        new FeatureRegistry(kafka).register(new FeatureViewInfo(VIEW, "chaos", events, List.of("entity"), "TUMBLE(3600000)",
                List.of(new FeatureViewInfo.Feature("a", "DOUBLE", "AVG", "")), Duration.ZERO, "chaos", "chaos soak input"));
        registry.register(model, onnx, List.of("a", "b", "c"), Map.of(), Map.of(), "chaos", "chaos soak");
        registry.setAlias(model, "champion", 1, null, "chaos", "chaos soak");
        String jarId = flink.uploadJar(jobJar);
        jobId = flink.runJar(jarId, DeployableJob.SCORE.entryClass(), List.of("--bootstrap-servers", kafka,
                "--redis", redis, "--model", model, "--events", events,
                "--inputs", "a=" + VIEW + ":a|0;b=payload:b|0;c=time:hour_of_day"), 1);
        out.printf("scoring job %s deployed; waiting for its first prediction%n", jobId);

        EventSerde serde = new EventSerde();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            awaitFirstPrediction(producer, serde, events, model);
            warmUp(producer, serde, events, rate, warmup);
            long start = System.currentTimeMillis();
            ChaosLedger ledger = new ChaosLedger(start);
            AtomicBoolean stop = new AtomicBoolean();
            Thread uncommitted = reader(model, "read_uncommitted", stop, ledger);
            Thread committed = reader(model, "read_committed", stop, ledger);
            uncommitted.start();
            committed.start();
            Thread faultsThread = new Thread(() -> injectFaults(ledger, start, duration, faultEvery, faults, stop), "chaos-faults");
            faultsThread.setDaemon(true);
            faultsThread.start();
            long intervalNanos = 1_000_000_000L / rate;
            long next = System.nanoTime();
            long end = start + duration.toMillis();
            for (long n = 0; System.currentTimeMillis() < end; n++) {
                String key = "c-" + n;
                long now = System.currentTimeMillis();
                byte[] value = serde.serialize(new EventEnvelope("chaos", key, now, Map.of("a", (double) (n % 97), "b", (double) (n % 13))));
                ledger.sent(key, now);
                producer.send(new ProducerRecord<>(events, null, now, key.getBytes(StandardCharsets.UTF_8), value), (md, error) -> {
                    if (error != null) {
                        ledger.appendFailed(key);
                        if (appendErrors.incrementAndGet() <= 3) out.println("appending " + key + " failed: " + error);
                    }
                });
                next += intervalNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
            }
            producer.flush();
            faultsThread.interrupt();
            out.printf("sent %d events in %d s; waiting for the committed predictions to catch up%n", ledger.sentCount(), duration.toSeconds());
            // until every event has its committed prediction, or none came for a minute (5 minutes at most)
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
            long lastProgress = System.currentTimeMillis();
            long seen = -1;
            while (ledger.committedDistinct() < ledger.sentCount() && System.currentTimeMillis() < deadline
                    && System.currentTimeMillis() - lastProgress < 60_000) {
                if (ledger.committedDistinct() != seen) {
                    seen = ledger.committedDistinct();
                    lastProgress = System.currentTimeMillis();
                }
                Thread.sleep(500);
            }
            if (ledger.appendFailures() > 0) out.printf("%d events could not be appended (producer errors): not counted%n", ledger.appendFailures());
            List<String> missing = ledger.withoutCommittedPrediction();
            if (!missing.isEmpty()) {
                java.util.Set<String> appended = keysOf(events);
                long inTopic = missing.stream().filter(appended::contains).count();
                out.printf("%d events have no committed prediction; %d of them are in %s (e.g. %s)%n", missing.size(), inTopic, events,
                        missing.subList(0, Math.min(5, missing.size())));
            }
            Thread.sleep(3000); // a late duplicate would arrive now
            stop.set(true);
            uncommitted.join(10_000);
            committed.join(10_000);
            try {
                flink.cancel(jobId);
            } catch (RuntimeException e) {
                out.println("cancelling the scoring job: " + e.getMessage());
            }
            return ledger.report(duration, latencyBound);
        }
    }

    /** The soak kills processes: refuses to start unless the stack's supervisor runs to bring them back. */
    public static void requireSupervisedStack(LocalStack stack) {
        boolean supervised = stack.status().stream().anyMatch(st -> st.service().equals("supervisor") && st.pid() > 0);
        if (!supervised) {
            throw new IllegalArgumentException("the chaos soak kills processes, and no supervisor of the stack runs to restart them: "
                    + "start the whole stack with `./tributary up` (and `--brokers 3` to survive a broker's death)");
        }
    }

    private void warmUp(KafkaProducer<byte[], byte[]> producer, EventSerde serde, String events, int rate, Duration warmup) throws Exception {
        out.printf("warming up for %d s at %d events/s (not measured)%n", warmup.toSeconds(), rate);
        long intervalNanos = 1_000_000_000L / rate;
        long next = System.nanoTime();
        long end = System.currentTimeMillis() + warmup.toMillis();
        for (long n = 0; System.currentTimeMillis() < end; n++) {
            long now = System.currentTimeMillis();
            producer.send(new ProducerRecord<>(events, null, now, ("warm-" + n).getBytes(StandardCharsets.UTF_8),
                    serde.serialize(new EventEnvelope("chaos", "warm-" + n, now, Map.of("a", 1.0, "b", 1.0)))));
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
        }
        producer.flush();
    }

    /** Prints the report as a table; the caption's numbers are computed from it. */
    public static void print(ChaosLedger.Report r, Duration latencyBound, PrintStream out) {
        out.printf("%nchaos soak: %d s, %d events sent, %d predictions committed%n", r.seconds(), r.sent(), r.committedDistinct());
        out.printf("availability: %.2f %% of 1-s intervals had predictions with p99 < %d ms (%d of %d); p50 %.1f ms, p99 %.1f ms overall%n",
                100 * r.availability(), latencyBound.toMillis(), r.availableSeconds(), r.seconds(), r.p50Micros() / 1000.0, r.p99Micros() / 1000.0);
        out.printf("inside the job (input lookup to score, the predictions' latency_ms): p50 %.1f ms, p99 %.1f ms%n",
                r.inJobP50Micros() / 1000.0, r.inJobP99Micros() / 1000.0);
        out.printf("lost: %d   duplicated: %d   (read_committed)%n", r.lost(), r.duplicated());
        out.printf("%-12s  %6s  %-28s  %15s  %s%n", "FAULT", "AT (s)", "KILLED", "UNAVAILABLE (s)", "FLOWING AGAIN AFTER (s)");
        for (ChaosLedger.Downtime d : r.downtimes()) {
            out.printf("%-12s  %6d  %-28s  %15d  %s%n", d.fault().kind(), d.fault().atMillis() / 1000, d.fault().detail(), d.unavailableSeconds(),
                    d.flowingAgainAfterSeconds() < 0 ? "not before the next fault" : String.valueOf(d.flowingAgainAfterSeconds()));
        }
        ChaosLedger.byKind(r).forEach((kind, a) -> out.printf("%-12s  %d fault(s), %d s unavailable in all, at most %d s after one%n", kind, a[0], a[1], a[2]));
    }

    private void injectFaults(ChaosLedger ledger, long start, Duration duration, Duration every, List<String> faults, AtomicBoolean stop) {
        try {
            for (int i = 0; !stop.get(); i++) {
                long at = start + (i + 1) * every.toMillis();
                if (at >= start + duration.toMillis()) return;
                Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
                String kind = faults.get(i % faults.size());
                String preferred = preferredVictim(kind);
                Optional<LocalStack.ServiceStatus> victim = stack.status().stream()
                        .filter(s -> s.service().startsWith(kind) && s.pid() > 0)
                        .min(java.util.Comparator.comparing(s -> s.service().equals(preferred) ? 0 : 1));
                if (victim.isEmpty()) {
                    out.printf("no running %s to kill at %d s%n", kind, (System.currentTimeMillis() - start) / 1000);
                    continue;
                }
                long pid = victim.get().pid();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL, like kill -9
                ledger.fault(kind, System.currentTimeMillis(), victim.get().service() + " (pid " + pid + ")");
                out.printf("killed %s (pid %d) at %d s%n", victim.get().service(), pid, (System.currentTimeMillis() - start) / 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The process whose death hurts the job most: the TaskManager running it, the broker leading its predictions
     * partition; null when it cannot be told (any process of the kind then).
     */
    private String preferredVictim(String kind) {
        try {
            if (kind.equals("taskmanager") && jobId != null) {
                JsonNode job = JSON.readTree(get("/jobs/" + jobId));
                String vertex = job.path("vertices").get(0).path("id").asText();
                JsonNode tms = JSON.readTree(get("/jobs/" + jobId + "/vertices/" + vertex + "/taskmanagers"));
                return tms.path("taskmanagers").get(0).path("taskmanager-id").asText();
            }
            if (kind.equals("kafka") && model != null) {
                try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka))) {
                    int leader = admin.describeTopics(List.of(TopicNames.predictions(model))).allTopicNames().get(10, TimeUnit.SECONDS)
                            .get(TopicNames.predictions(model)).partitions().get(0).leader().id();
                    return leader == 1 ? "kafka" : "kafka-" + leader; // the stack's broker services by node id
                }
            }
        } catch (Exception e) {
            out.println("could not tell which " + kind + " serves the job (" + e.getMessage() + "): killing any");
        }
        return null;
    }

    private String get(String path) throws Exception {
        var http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(flink.restUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Every key on {@code topic}, read to its end. */
    private java.util.Set<String> keysOf(String topic) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) {
                    if (r.key() != null) keys.add(new String(r.key(), StandardCharsets.UTF_8));
                }
            }
        }
        return keys;
    }

    private void awaitFirstPrediction(KafkaProducer<byte[], byte[]> producer, EventSerde serde, String events, String model) throws Exception {
        try (KafkaConsumer<byte[], byte[]> c = consumer(model, "read_uncommitted")) {
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(2).toMillis();
            while (System.currentTimeMillis() < deadline) {
                long now = System.currentTimeMillis();
                producer.send(new ProducerRecord<>(events, null, now, "probe".getBytes(StandardCharsets.UTF_8),
                        serde.serialize(new EventEnvelope("chaos", "probe", now, Map.of("a", 1.0, "b", 1.0))))).get();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) if (r.value() != null) return;
            }
            throw new IllegalStateException("the scoring job of " + model + " scored nothing within 2 minutes");
        }
    }

    private Thread reader(String model, String isolation, AtomicBoolean stop, ChaosLedger ledger) {
        Thread t = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = consumer(model, isolation)) {
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                        long now = System.currentTimeMillis();
                        JsonNode p = JSON.readTree(r.value());
                        String key = p.path("key").asText();
                        if (!p.path("decision").asBoolean(false)) continue;
                        if (isolation.equals("read_committed")) ledger.committed(key);
                        else ledger.produced(key, now, p.path("latency_ms").asDouble(-1));
                    }
                }
            } catch (Exception e) {
                out.println("reader " + isolation + " stopped: " + e);
            }
        }, "chaos-" + isolation);
        t.setDaemon(true);
        return t;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String model, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(TopicNames.predictions(model), 0);
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        return c;
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000); // a broker being restarted is waited for, not given up on
        return p;
    }

}
