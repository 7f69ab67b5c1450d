package io.tributary.jobs.bench;

import io.lettuce.core.RedisFuture;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.features.FeatureStoreClient;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.redis.RedisConnection;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.pipeline.FeatureViewPipeline;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The feature store benchmark: online read latency (1 entity x 20 features, and 100 entities per call; at a fixed
 * offered rate, latency from the intended start so that stalls are not hidden, and at the maximum rate) and
 * freshness (from appending the event that closes a window to Kafka until the window's value is visible in Redis),
 * against a real Redis and Kafka, with a raw Redis round trip measured in the same run as the baseline.
 */
public final class FeatureStoreBenchmark {
    static final int FEATURES = 20;
    static final int ENTITIES = 10_000;

    private final String redisUri;
    private final String kafka;
    private final Duration duration;
    private final PrintStream out;

    public FeatureStoreBenchmark(String redisUri, String kafka, Duration duration, PrintStream out) {
        this.redisUri = redisUri;
        this.kafka = kafka;
        this.duration = duration;
        this.out = out;
    }

    /** One row of the results table. */
    record Result(String what, double callsPerSecond, Histogram latencyNanos) {}

    public void run(int singleRate, int batchRate) throws Exception {
        FeatureViewInfo view = seed();
        List<Result> results = new ArrayList<>();
        try (RedisConnection raw = RedisConnection.connect(redisUri);
             FeatureStoreClient client = new FeatureStoreClient(redisUri, "bench", List.of(view))) {
            Random rnd = new Random(1);
            List<String> all = view.features().stream().map(FeatureViewInfo.Feature::name).toList();
            warmUp(client, all, rnd);
            results.add(closedLoop("baseline: raw HGETALL of 1 key (lettuce, no Tributary)", () -> {
                try {
                    raw.async().hgetall(OnlineStoreLayout.key("bench", "bench_20f", "e" + rnd.nextInt(ENTITIES))).get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            Runnable single = () -> client.getOnlineFeatures("bench_20f", all, List.of("e" + rnd.nextInt(ENTITIES)), Instant.now());
            Runnable hundred = () -> {
                List<String> keys = new ArrayList<>(100);
                for (int i = 0; i < 100; i++) keys.add("e" + rnd.nextInt(ENTITIES));
                client.getOnlineFeatures("bench_20f", all, keys, Instant.now());
            };
            results.add(openLoop("1 entity x 20 features, offered " + singleRate + "/s", single, singleRate));
            results.add(closedLoop("1 entity x 20 features, max rate", single));
            results.add(openLoop("100 entities x 20 features, offered " + batchRate + "/s", hundred, batchRate));
            results.add(closedLoop("100 entities x 20 features, max rate", hundred));
        }
        Histogram freshness = freshness();
        print(results, freshness);
    }

    private FeatureViewInfo seed() throws Exception {
        List<FeatureViewInfo.Feature> features = new ArrayList<>();
        for (int i = 0; i < FEATURES; i++) features.add(new FeatureViewInfo.Feature("f" + i, "DOUBLE", "AVG", ""));
        try (RedisConnection r = RedisConnection.connect(redisUri)) {
            r.setPipelining(true);
            List<RedisFuture<Long>> pending = new ArrayList<>();
            for (int e = 0; e < ENTITIES; e++) {
                List<String> args = new ArrayList<>(List.of("3600000", "10", "0", OnlineStoreLayout.WINDOW_END, "3600000",
                        OnlineStoreLayout.EVENT_COUNT, "10"));
                for (int f = 0; f < FEATURES; f++) {
                    args.add("f" + f);
                    args.add(String.valueOf(e * 0.5 + f));
                }
                pending.add(r.async().eval(OnlineStoreLayout.COMPARE_AND_SET_SCRIPT,
                        new String[] {OnlineStoreLayout.key("bench", "bench_20f", "e" + e)}, args.toArray(String[]::new)));
                if (pending.size() == 1000) {
                    r.flush();
                    for (RedisFuture<Long> p : pending) r.await(p, Duration.ofSeconds(30));
                    pending.clear();
                }
            }
            r.flush();
            for (RedisFuture<Long> p : pending) r.await(p, Duration.ofSeconds(30));
        }
        return new FeatureViewInfo("bench_20f", "bench", "events.bench", List.of("entity"), "TUMBLE(3600000)", features,
                Duration.ZERO, "bench", "20 features for the benchmark");
    }

    private void warmUp(FeatureStoreClient client, List<String> features, Random rnd) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) client.getOnlineFeatures("bench_20f", features, List.of("e" + rnd.nextInt(ENTITIES)), Instant.now());
    }

    private Result closedLoop(String what, Runnable call) {
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long calls = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            call.run();
            h.recordValue(System.nanoTime() - t0);
            calls++;
        }
        return new Result(what, calls / ((System.nanoTime() - start) / 1e9), h);
    }

    /** Calls at fixed intended times; latency counts from the intended start (no coordinated omission). */
    private Result openLoop(String what, Runnable call, int rate) {
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long n = duration.toNanos() / interval;
        for (long i = 0; i < n; i++) {
            long intended = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < intended) LockSupport.parkNanos(Math.min(intended - now, 200_000));
            call.run();
            h.recordValue(System.nanoTime() - intended);
        }
        return new Result(what, n / ((System.nanoTime() - start) / 1e9), h);
    }

    /**
     * Runs a 1-second tumbling view in an embedded Flink over a Kafka topic, appends one event per entity every 50 ms
     * with the wall clock as event time, and measures, for each window, the time from appending the first event past
     * its end (which closes it) to seeing the window in Redis.
     */
    private Histogram freshness() throws Exception {
        String topic = "events.bench_freshness_" + System.currentTimeMillis();
        KafkaTopics.ensure(kafka, 1, topic, "deadletter", "late.bench_fresh");
        FeatureView view = FeatureView.builder("bench_fresh").source(topic).entityKeys("k")
                .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
                .feature("n", Aggregation.COUNT, null, "").feature("mean_x", Aggregation.AVG, "x", "").build();
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        env.setBufferTimeout(5);
        FeatureViewPipeline.sinks(FeatureViewPipeline.aggregate(FeatureViewPipeline.source(env, view, kafka, false), view), view,
                new FeatureViewPipeline.SinkTargets(kafka, redisUri, "bench", Files.createTempDirectory("bench-wh").toUri().toString()));
        JobClient job = env.executeAsync("bench-freshness");
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        EventSerde serde = new EventSerde();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             RedisConnection redis = RedisConnection.connect(redisUri)) {
            Thread.sleep(5000); // the job starts and reads from the topic's beginning
            long end = System.currentTimeMillis() + duration.toMillis() + 2000;
            long lastSecond = -1;
            AtomicLong windowsSeen = new AtomicLong();
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                long second = now / 1000;
                long appendNanos = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, null, now, "k0".getBytes(StandardCharsets.UTF_8),
                        serde.serialize(new EventEnvelope("bench", "k0", now, Map.of("k", "k0", "x", now % 100))))).get();
                if (lastSecond >= 0 && second > lastSecond) {
                    // this event closed the window ending at second*1000 (watermark = its time - 1 ms)
                    long windowEnd = second * 1000;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (System.nanoTime() < deadline) {
                        String seen = redis.async().hgetall(OnlineStoreLayout.key("bench", "bench_fresh", "k0"))
                                .get(5, TimeUnit.SECONDS).get(OnlineStoreLayout.WINDOW_END);
                        if (seen != null && Long.parseLong(seen) >= windowEnd) {
                            h.recordValue(System.nanoTime() - appendNanos);
                            windowsSeen.incrementAndGet();
                            break;
                        }
                        LockSupport.parkNanos(200_000);
                    }
                }
                lastSecond = second;
                Thread.sleep(50);
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        return h;
    }

    private void print(List<Result> results, Histogram freshness) {
        double base = results.get(0).latencyNanos().getValueAtPercentile(50);
        out.println();
        out.printf("Tributary feature store benchmark: Redis %s, Kafka %s, %d s per measurement, %d cores%n",
                redisUri, kafka, duration.toSeconds(), Runtime.getRuntime().availableProcessors());
        out.printf("%-58s %10s %9s %9s %9s %12s%n", "online reads", "calls/s", "p50 ms", "p99 ms", "p99.9 ms", "p50 / base");
        for (Result r : results) {
            Histogram h = r.latencyNanos();
            out.printf("%-58s %10.0f %9.3f %9.3f %9.3f %12.2f%n", r.what(), r.callsPerSecond(), ms(h, 50), ms(h, 99),
                    ms(h, 99.9), h.getValueAtPercentile(50) / base);
        }
        out.printf("%-58s %10s %9.1f %9.1f %9s%n", "freshness: closing event appended -> value in Redis ("
                + freshness.getTotalCount() + " windows)", "", ms(freshness, 50), ms(freshness, 99), "");
        out.println("Feast, published (not measured here): Python feature server p99 4.6 ms; Go feature server p99 ~3.9 ms.");
    }

    private static double ms(Histogram h, double percentile) { return h.getValueAtPercentile(percentile) / 1e6; }
}
