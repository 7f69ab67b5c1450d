package io.tributary.jobs.bench;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.topic.TopicNames;
import io.tributary.inference.ScoringJob;
import io.tributary.inference.input.InputFeature;
import io.tributary.inference.score.ScoringConfig;
import io.tributary.jobs.serve.ServeServer;
import io.tributary.jobs.serve.ServeSettings;
import io.tributary.jobs.serve.v2.GRPCInferenceServiceGrpc;
import io.tributary.jobs.serve.v2.InferTensorContents;
import io.tributary.jobs.serve.v2.ModelInferRequest;
import io.tributary.jobs.serve.v2.ModelInferResponse;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * {@code tributary bench serve}: the gateway's latency under an open loop at a fixed rate (each request's latency runs
 * from when it was due, so a stall counts for every request it delays), over HTTP and gRPC, next to a Kafka produce
 * -> consume round trip with no job in the same run: the floor under the gateway's two hops through Kafka. The
 * scoring job runs as deployed (exactly once, checkpoints every 10 s, micro-batches of 64 / 5 ms, 5 ms buffer
 * timeout) in a local MiniCluster; the gateway reads its predictions uncommitted.
 */
public final class ServeBenchmark {
    private static final List<String> FEATURES = List.of("x0", "x1", "x2");

    private final String kafka;
    private final String redis;
    private final PrintStream out;

    public ServeBenchmark(String kafka, String redis, PrintStream out) {
        this.kafka = kafka;
        this.redis = redis;
        this.out = out;
    }

    /** One request's fate: {@code done(true)} when answered correctly. */
    private interface Path {
        String name();

        void send(int i, Consumer<Boolean> done);
    }

    public void run(int rate, int seconds, int repeats) throws Exception {
        if (rate < 1 || seconds < 1 || repeats < 1) throw new IllegalArgumentException("--rate, --seconds and --repeat must be positive");
        String model = "bench_serve_" + System.currentTimeMillis();
        byte[] onnx;
        try (var in = ServeBenchmark.class.getResourceAsStream("/bench/sklearn_logreg_3f.onnx")) {
            onnx = in.readAllBytes();
        }
        ModelRegistry registry = new ModelRegistry(kafka, new ArtifactStore(Files.createTempDirectory("bench-serve-models").toUri().toString()));
        registry.register(model, onnx, FEATURES, Map.of(), Map.of(), "bench", "benchmark");
        registry.setAlias(model, "champion", 1, null, "bench", "benchmark");
        String roundTrip = "bench.roundtrip." + model;
        KafkaTopics.ensure(kafka, 1, TopicNames.requests(model), TopicNames.predictions(model), roundTrip);

        JobClient job = scoringJob(model);
        ServeSettings settings = new ServeSettings(0, 0, kafka, redis, "bench", Duration.ofSeconds(10), 100_000, 1000, 4 << 20);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ServeServer server = ServeServer.start(settings); KafkaRoundTrip kafkaPath = new KafkaRoundTrip(roundTrip)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            try {
                List<Path> paths = List.of(kafkaPath, restPath(http, server.httpPort(), model), grpcPath(channel, model));
                openLoop(paths.get(1), rate, seconds); // warm-up: JIT, the job's first batches, connections; not reported
                openLoop(paths.get(2), rate, seconds);
                openLoop(paths.get(0), rate, seconds);
                String loadBefore = LoadAverage.now();
                List<String[]> rows = new ArrayList<>();
                Map<Integer, Double> floorP99 = new java.util.HashMap<>();
                List<Object[]> measured = new ArrayList<>();
                for (int rep = 0; rep < repeats; rep++) {
                    for (int k = 0; k < paths.size(); k++) { // rotate so that no path always runs first
                        Path p = paths.get((k + rep) % paths.size());
                        Result r = openLoop(p, rate, seconds);
                        measured.add(new Object[] {p, rep, r});
                        if (p == kafkaPath) floorP99.put(rep, r.latencyMicros().getValueAtPercentile(99) / 1e3);
                    }
                }
                for (Object[] m : measured) {
                    Path p = (Path) m[0];
                    int rep = (Integer) m[1];
                    Histogram h = ((Result) m[2]).latencyMicros();
                    double p99 = h.getValueAtPercentile(99) / 1e3;
                    rows.add(new String[] {p.name(), String.valueOf(rep + 1), String.valueOf(rate),
                            String.format("%.1f / %.1f / %.1f / %.1f", h.getValueAtPercentile(50) / 1e3, p99,
                                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3),
                            String.format("%.1f", p99 / floorP99.get(rep)),
                            String.valueOf(((Result) m[2]).ok()), String.valueOf(((Result) m[2]).failed())});
                }
                rows.sort(java.util.Comparator.comparing((String[] r) -> r[0]).thenComparing(r -> r[1]));
                out.println();
                out.printf("tributary serve latency: logistic regression (3 inputs), one row per request, open loop, %d s per run, "
                        + "%d cores; latency from when the request was due to its answer; load average (1/5/15 min) %s before, %s after%n",
                        seconds, Runtime.getRuntime().availableProcessors(), loadBefore, LoadAverage.now());
                out.printf("| %-44s | %-3s | %-6s | %-30s | %-13s | %-7s | %-6s |%n", "path", "run", "req/s", "p50 / p99 / p99.9 / max (ms)",
                        "p99 / floor's", "ok", "failed");
                out.println("|" + "-".repeat(46) + "|-----|--------|" + "-".repeat(32) + "|---------------|---------|--------|");
                for (String[] r : rows) out.printf("| %-44s | %3s | %6s | %-30s | %13s | %7s | %6s |%n", (Object[]) r);
                out.println("floor: the Kafka produce -> consume round trip of the same run (the gateway makes two such hops); "
                        + "the mission's target is p99 under 100 ms");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private record Result(Histogram latencyMicros, int ok, int failed) {}

    /** Sends {@code rate * seconds} requests, each when due (not when the previous one answered), and waits for all. */
    private static Result openLoop(Path path, int rate, int seconds) throws InterruptedException {
        int n = rate * seconds;
        long intervalNs = 1_000_000_000L / rate;
        Histogram h = new ConcurrentHistogram(3);
        AtomicInteger ok = new AtomicInteger(), failed = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * intervalNs;
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            path.send(i, success -> {
                h.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
                (success ? ok : failed).incrementAndGet();
                answered.countDown();
            });
        }
        if (!answered.await(60, TimeUnit.SECONDS)) failed.addAndGet((int) answered.getCount());
        return new Result(h, ok.get(), failed.get());
    }

    private static double[] row(int i) {
        return new double[] {(i % 13) / 6.0 - 1, (i % 7) / 3.0 - 1, (i % 5) / 2.0 - 1};
    }

    private static Path restPath(HttpClient http, int port, String model) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/v2/models/" + model + "/infer");
        return new Path() {
            @Override public String name() { return "HTTP POST /v2/models/m/infer (JSON)"; }

            @Override
            public void send(int i, Consumer<Boolean> done) {
                double[] x = row(i);
                StringBuilder body = new StringBuilder("{\"inputs\": [");
                for (int f = 0; f < FEATURES.size(); f++) {
                    body.append(f > 0 ? ", " : "").append("{\"name\": \"").append(FEATURES.get(f))
                            .append("\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [").append(x[f]).append("]}");
                }
                body.append("]}");
                http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((r, e) -> done.accept(e == null && r.statusCode() == 200));
            }
        };
    }

    private static Path grpcPath(ManagedChannel channel, String model) {
        var stub = GRPCInferenceServiceGrpc.newStub(channel);
        return new Path() {
            @Override public String name() { return "gRPC ModelInfer"; }

            @Override
            public void send(int i, Consumer<Boolean> done) {
                double[] x = row(i);
                ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model);
                for (int f = 0; f < FEATURES.size(); f++) {
                    b.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(FEATURES.get(f)).setDatatype("FP64").addShape(1)
                            .setContents(InferTensorContents.newBuilder().addFp64Contents(x[f])));
                }
                stub.withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(b.build(), new StreamObserver<>() {
                    @Override public void onNext(ModelInferResponse r) {}

                    @Override public void onError(Throwable t) { done.accept(false); }

                    @Override public void onCompleted() { done.accept(true); }
                });
            }
        };
    }

    /** Produce one record, consume it (read_uncommitted, from the end): Kafka's own round trip, no job in between. */
    private final class KafkaRoundTrip implements Path, AutoCloseable {
        private final String topic;
        private final KafkaProducer<byte[], byte[]> producer;
        private final Map<String, Consumer<Boolean>> pending = new ConcurrentHashMap<>();
        private final Thread reader;
        private volatile boolean running = true;

        KafkaRoundTrip(String topic) {
            this.topic = topic;
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, "0"), new ByteArraySerializer(), new ByteArraySerializer());
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            reader = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (var r : consumer.poll(Duration.ofMillis(100))) {
                            Consumer<Boolean> done = pending.remove(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
                            if (done != null) done.accept(true);
                        }
                    }
                }
            }, "bench-roundtrip");
            reader.start();
        }

        @Override public String name() { return "Kafka produce -> consume, no job (floor)"; }

        @Override
        public void send(int i, Consumer<Boolean> done) {
            String key = "r" + i + "-" + System.nanoTime();
            pending.put(key, done);
            producer.send(new ProducerRecord<>(topic, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), ByteBuffer.allocate(64).array()), (m, e) -> {
                if (e != null && pending.remove(key) != null) done.accept(false);
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            reader.join(5_000);
            producer.close(Duration.ofSeconds(5));
        }
    }

    private JobClient scoringJob(String model) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(10_000);
        env.setBufferTimeout(5);
        List<InputFeature> inputs = FEATURES.stream().map(f -> InputFeature.parse(f + "=payload:" + f)).toList();
        ScoringJob.builder().bootstrapServers(kafka).redisUri(redis).namespace("bench").eventsTopic(TopicNames.requests(model))
                .config(ScoringConfig.of(model, inputs).withBatching(64, 5)).views(Map.of())
                .startingOffsets(OffsetsInitializer.earliest()).build().attach(env);
        return env.executeAsync("bench-serve " + model);
    }
}
