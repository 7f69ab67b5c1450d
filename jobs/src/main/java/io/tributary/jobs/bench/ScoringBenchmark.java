package io.tributary.jobs.bench;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.kafka.KafkaSinks;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.kafka.ValidatedEventSource;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.redis.RedisConnection;
import io.tributary.core.topic.TopicNames;
import io.tributary.inference.ScoringJob;
import io.tributary.inference.input.InputFeature;
import io.tributary.inference.input.OnlineFeatureLookup;
import io.tributary.inference.input.ScoringRequest;
import io.tributary.inference.score.Prediction;
import io.tributary.inference.score.ScoringConfig;
import io.tributary.inference.score.ScoringSerializers;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The scoring benchmark, for a logistic regression and a 10-tree forest (scikit-learn models as ONNX):
 * (a) JMH: ONNX Runtime on prebuilt batches vs the operator's per-batch path, same batch size ({@link ScoringJmh});
 * (b) the whole job (Kafka → inputs from Redis, the payload and the event time → score → Kafka, exactly once) at
 * parallelism 1 vs the same job with scoring replaced by a pass-through; (c) latency at half the maximum rate, from
 * appending an event to its prediction being readable (read_uncommitted: produced; read_committed: visible once the
 * checkpoint commits the transaction).
 */
public final class ScoringBenchmark {
    private static final List<String> FEATURES = ScoringJmh.FEATURES;
    private static final FeatureViewInfo VIEW = new FeatureViewInfo("bench_scoring", "bench", "events.bench", List.of("entity"),
            "TUMBLE(3600000)", List.of(new FeatureViewInfo.Feature("x0", "DOUBLE", "AVG", "")), Duration.ZERO, "bench", "");
    private static final List<InputFeature> INPUTS = List.of(InputFeature.parse("x0=bench_scoring:x0|0"),
            InputFeature.parse("x1=payload:x1"), InputFeature.parse("x2=payload:x2"));

    private final String kafka;
    private final String redis;
    private final PrintStream out;

    public ScoringBenchmark(String kafka, String redis, PrintStream out) {
        this.kafka = kafka;
        this.redis = redis;
        this.out = out;
    }

    public void run(int events, int latencySeconds, boolean jmh) throws Exception {
        List<String[]> rows = new ArrayList<>();
        if (jmh) {
            Collection<RunResult> results = new Runner(new OptionsBuilder().include(ScoringJmh.class.getName())
                    .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2)).measurementIterations(5)
                    .measurementTime(TimeValue.seconds(2)).threads(1).shouldDoGC(true).build()).run();
            Map<String, Double> score = new HashMap<>();
            for (RunResult r : results) {
                score.put(r.getParams().getParam("model") + "/" + r.getParams().getBenchmark().replaceAll(".*\\.", ""),
                        r.getPrimaryResult().getScore());
            }
            for (String m : List.of("logreg", "forest")) {
                double raw = score.get(m + "/rawOnnxRuntime"), op = score.get(m + "/scoringOperatorPath");
                rows.add(new String[] {"(a) " + m + ": raw ONNX Runtime, batches of " + ScoringJmh.BATCH, String.format("%,.0f rows/s", raw), ""});
                rows.add(new String[] {"(a) " + m + ": operator path, same batches", String.format("%,.0f rows/s", op), String.format("%.2f of raw", op / raw)});
            }
        }
        seedRedis();
        String suffix = String.valueOf(System.currentTimeMillis());
        String topic = "events.bench_scoring_" + suffix;
        KafkaTopics.ensure(kafka, 1, topic);
        produce(topic, events, 0);
        String artefacts = Files.createTempDirectory("bench-scoring-models").toUri().toString();
        ModelRegistry registry = new ModelRegistry(kafka, new ArtifactStore(artefacts));
        Map<String, Double> maxRate = new HashMap<>();
        boolean warm = false;
        for (String m : List.of("logreg", "forest")) {
            String model = "bench_" + m + "_" + suffix;
            byte[] onnx;
            try (var in = ScoringBenchmark.class.getResourceAsStream("/bench/sklearn_" + m + "_3f.onnx")) {
                onnx = in.readAllBytes();
            }
            registry.register(model, onnx, FEATURES, Map.of(), Map.of(), "bench", "benchmark");
            registry.setAlias(model, "champion", 1, null, "bench", "benchmark");
            if (!warm) { // JIT, class loading, the MiniCluster's first start: not part of any measurement
                timed(env -> passThrough(env, topic, model + "-warmup"), events);
                warm = true;
            }
            // each twice, interleaved, the better run counts (the machine is shared and noisy)
            double passThrough = 0, scoring = 0;
            for (int run = 0; run < 2; run++) {
                int r = run;
                passThrough = Math.max(passThrough, timed(env -> passThrough(env, topic, model + "-" + r), events));
                scoring = Math.max(scoring, timed(env -> scoringJob(model, topic, true).attach(env), events));
            }
            maxRate.put(m, scoring);
            rows.add(new String[] {"(b) " + m + ": pass-through job (Kafka -> inputs -> Kafka), 1 core", String.format("%,.0f ev/s", passThrough), ""});
            rows.add(new String[] {"(b) " + m + ": scoring job, 1 core", String.format("%,.0f ev/s", scoring), String.format("%.2f of pass-through", scoring / passThrough)});
        }
        for (String m : List.of("logreg", "forest")) for (int rate : List.of(1000, (int) Math.max(1, maxRate.get(m) / 2))) {
            String model = "bench_" + m + "_" + suffix;
            Histogram[] h = latency(model, rate, latencySeconds);
            rows.add(new String[] {"(c) " + m + ": append -> produced, at " + rate + " ev/s (p50 / p99)",
                    String.format("%.1f / %.1f ms", h[0].getValueAtPercentile(50) / 1e3, h[0].getValueAtPercentile(99) / 1e3), h[0].getTotalCount() + " events"});
            rows.add(new String[] {"(c) " + m + ": append -> committed (checkpoint 1 s) (p50 / p99)",
                    String.format("%.1f / %.1f ms", h[1].getValueAtPercentile(50) / 1e3, h[1].getValueAtPercentile(99) / 1e3), h[1].getTotalCount() + " events"});
        }
        out.println();
        out.printf("Tributary scoring benchmark: Kafka %s, Redis %s, %d cores, %,d events per job run%n", kafka, redis,
                Runtime.getRuntime().availableProcessors(), events);
        out.printf("| %-72s | %-18s | %-22s |%n", "measurement", "value", "ratio / note");
        out.println("|" + "-".repeat(74) + "|" + "-".repeat(20) + "|" + "-".repeat(24) + "|");
        for (String[] r : rows) out.printf("| %-72s | %-18s | %-22s |%n", r[0], r[1], r[2]);
    }

    private ScoringJob scoringJob(String model, String topic, boolean bounded) {
        // the latency runs wait at most 1 ms for a micro-batch; the throughput runs use the defaults (64 rows or 5 ms)
        ScoringConfig cfg = bounded ? ScoringConfig.of(model, INPUTS) : ScoringConfig.of(model, INPUTS).withBatching(64, 1);
        return ScoringJob.builder().bootstrapServers(kafka).redisUri(redis).namespace("bench").eventsTopic(topic)
                .config(cfg).views(Map.of(VIEW.name(), VIEW))
                .startingOffsets(bounded ? OffsetsInitializer.earliest() : OffsetsInitializer.latest()).bounded(bounded).build();
    }

    /** The same job with scoring replaced by a pass-through: source, input assembly, a constant score, the same sink. */
    private void passThrough(StreamExecutionEnvironment env, String topic, String model) {
        DataStream<EventEnvelope> events = ValidatedEventSource.builder().bootstrapServers(kafka).topic(topic)
                .groupId("bench-pass-" + model).stage("bench-pass").startingOffsets(OffsetsInitializer.earliest()).bounded(true)
                .build().attach(env);
        AsyncDataStream.orderedWait(events, new OnlineFeatureLookup(redis, "bench", INPUTS, Map.of(VIEW.name(), VIEW)), 200,
                        TimeUnit.MILLISECONDS, 200)
                .map(r -> new Prediction(r.key(), r.eventTime(), model, 0, "pass-through", true, 0.5, r.statuses(), r.values(), 0))
                .returns(TypeInformation.of(Prediction.class))
                .sinkTo(KafkaSinks.exactlyOnce(kafka, new ScoringSerializers.Predictions("bench.pass_through"), "bench-pass-" + model));
    }

    private interface JobBody {
        void add(StreamExecutionEnvironment env) throws Exception;
    }

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        return env;
    }

    private static double timed(JobBody body, int events) throws Exception {
        StreamExecutionEnvironment env = env();
        body.add(env);
        long t0 = System.nanoTime();
        env.execute("bench-scoring");
        return events / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Appends events at {@code rate} for {@code seconds} to a running scoring job (network buffers flushed after at most
     * 1 ms, the latency setting); [produced, committed] latencies in µs, read by a consumer thread.
     */
    private Histogram[] latency(String model, int rate, int seconds) throws Exception {
        String topic = "events.bench_latency_" + model + "_" + rate;
        KafkaTopics.ensure(kafka, 1, topic);
        StreamExecutionEnvironment env = env();
        env.setBufferTimeout(1);
        scoringJob(model, topic, false).attach(env);
        JobClient job = env.executeAsync("bench-scoring-latency");
        Histogram produced = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        Histogram committed = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        Map<String, Long> sent = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> uncommitted = consumer(TopicNames.predictions(model), "read_uncommitted");
                 KafkaConsumer<byte[], byte[]> readCommitted = consumer(TopicNames.predictions(model), "read_committed")) {
                while (!stop.get()) {
                    drain(uncommitted, sent, produced, false);
                    drain(readCommitted, sent, committed, true);
                }
            }
        }, "bench-latency-reader");
        try {
            reader.start();
            Thread.sleep(5000); // the job starts and reads the registry
            EventSerde serde = new EventSerde();
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            int i = 0;
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
                long next = start;
                while (next < end) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    String key = "l" + i++;
                    sent.put(key, System.nanoTime());
                    producer.send(record(topic, serde, key, i));
                    next += interval;
                }
                producer.flush();
            }
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < drainUntil && !sent.isEmpty()) Thread.sleep(50);
        } finally {
            stop.set(true);
            reader.join(10_000);
            job.cancel().get(60, TimeUnit.SECONDS);
        }
        return new Histogram[] {produced, committed};
    }

    private static void drain(KafkaConsumer<byte[], byte[]> c, Map<String, Long> sent, Histogram h, boolean remove) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(2))) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            Long t = remove ? sent.remove(key) : sent.get(key);
            if (t != null) h.recordValue(Math.max(0, (System.nanoTime() - t) / 1000));
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer(String topic, String isolation) {
        KafkaTopics.ensure(kafka, 1, topic);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "1");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(topic, 0);
        c.assign(List.of(tp));
        c.seekToEnd(List.of(tp));
        c.position(tp);
        return c;
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return p;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, EventSerde serde, String key, int i) {
        long t = 978_307_200_000L + i;
        return new ProducerRecord<>(topic, null, t, key.getBytes(StandardCharsets.UTF_8), serde.serialize(new EventEnvelope("bench", key, t,
                Map.of("entity", "e" + (i % 100), "x1", (i % 13) / 6.0 - 1, "x2", (i % 7) / 3.0 - 1))));
    }

    private void produce(String topic, int n, int offset) throws Exception {
        Properties p = producerProps();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        EventSerde serde = new EventSerde();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) producer.send(record(topic, serde, "e" + (offset + i), offset + i));
            producer.flush();
        }
    }

    private void seedRedis() throws Exception {
        try (RedisConnection r = RedisConnection.connect(redis)) {
            for (int e = 0; e < 100; e++) {
                r.async().eval(OnlineStoreLayout.COMPARE_AND_SET_SCRIPT, new String[] {OnlineStoreLayout.key("bench", VIEW.name(), "e" + e)},
                        "3600000", "10", "0", OnlineStoreLayout.WINDOW_END, "3600000", OnlineStoreLayout.EVENT_COUNT, "10",
                        "x0", String.valueOf(e / 50.0 - 1)).get(10, TimeUnit.SECONDS);
            }
        }
    }
}
