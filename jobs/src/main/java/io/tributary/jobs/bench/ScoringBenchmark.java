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
    /** The latency target (p99 under 20 ms): events slower than this are grouped into stall episodes. */
    private static final long SLOW_MICROS = 20_000;
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
        KafkaTopics.ensure(kafka, 1, topic, "bench.bytes_only");
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
        // the floor: Flink and Kafka alone, the same events, the same exactly-once sink, the better of two runs
        double floor = 0;
        for (int run = 0; run < 2; run++) {
            String tag = "bench-bytes-" + suffix + "-" + run;
            floor = Math.max(floor, timed(env -> BytesOnlyJob.attach(env, kafka, topic, "bench.bytes_only", tag), events));
        }
        rows.add(new String[] {"(b) floor: bytes-only job (Kafka -> Kafka, exactly once), 1 core", String.format("%,.0f ev/s", floor), ""});
        for (String m : List.of("logreg", "forest")) {
            rows.add(new String[] {"(b) " + m + ": scoring job against the floor", "", String.format("%.2f of bytes-only", maxRate.get(m) / floor)});
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
        out.printf("Tributary scoring benchmark: Kafka %s, Redis %s, %d cores, %,d events per job run; load average (1/5/15 min) %s%n",
                kafka, redis, Runtime.getRuntime().availableProcessors(), events, LoadAverage.now());
        out.printf("| %-72s | %-18s | %-22s |%n", "measurement", "value", "ratio / note");
        out.println("|" + "-".repeat(74) + "|" + "-".repeat(20) + "|" + "-".repeat(24) + "|");
        for (String[] r : rows) out.printf("| %-72s | %-18s | %-22s |%n", r[0], r[1], r[2]);
    }

    /**
     * Attributes the latency tail: the (c) run for the logistic regression at each rate, with exactly-once outputs and
     * checkpoints every 1 s or 10 s (the cluster's default), at-least-once outputs with checkpoints every 1 s, and no
     * checkpoints (and, on request, exactly once with Kafka's default retry backoff).
     * Slow events (over 20 ms) are grouped into stall episodes by when they were sent: episodes one checkpoint
     * interval apart point at the checkpoint; GC pauses of the same JVM are counted next to them.
     */
    public void latencySweep(List<Integer> rates, int seconds, int repeats, List<String> names) throws Exception {
        // setups first: a misspelt name fails before any work
        String kafkaDefault = "100"; // the client's retry.backoff.ms before KafkaSinks lowered it
        Map<String, Setup> all = new java.util.LinkedHashMap<>();
        all.put("eo-1s", new Setup("exactly once, checkpoint 1 s", 1000, true, Map.of()));
        all.put("eo-1s-backoff-100ms", new Setup("exactly once, 1 s, backoff 100 ms", 1000, true, Map.of("retry.backoff.ms", kafkaDefault)));
        all.put("eo-10s", new Setup("exactly once, checkpoint 10 s", 10_000, true, Map.of()));
        all.put("alo-1s", new Setup("at least once, checkpoint 1 s", 1000, false, Map.of()));
        all.put("none", new Setup("no checkpoints", 0, true, Map.of()));
        // the deployed scoring job's defaults (ScoringJobMain: batches wait 5 ms, buffers 5 ms; the cluster checkpoints
        // every 10 s), and the same with Flink's own buffer timeout
        all.put("deployed", new Setup("deployed defaults (5 ms, 5 ms, 10 s)", 10_000, true, Map.of(), 5, 5));
        all.put("deployed-buffer-100ms", new Setup("deployed, Flink's 100 ms buffers", 10_000, true, Map.of(), 5, 100));
        List<Setup> setups = new ArrayList<>();
        // the 100 ms backoff only costs when a sink opens a new producer (start, recovery): not in the default sweep
        List<String> defaults = List.of("eo-1s", "eo-10s", "alo-1s", "none");
        for (String name : names.isEmpty() ? defaults : names) {
            Setup setup = all.get(name);
            if (setup == null) throw new IllegalArgumentException("unknown setup '" + name + "'; known: " + all.keySet());
            setups.add(setup);
        }
        seedRedis();
        String suffix = String.valueOf(System.currentTimeMillis());
        String model = "bench_logreg_" + suffix;
        byte[] onnx;
        try (var in = ScoringBenchmark.class.getResourceAsStream("/bench/sklearn_logreg_3f.onnx")) {
            onnx = in.readAllBytes();
        }
        ModelRegistry registry = new ModelRegistry(kafka, new ArtifactStore(Files.createTempDirectory("bench-scoring-models").toUri().toString()));
        registry.register(model, onnx, FEATURES, Map.of(), Map.of(), "bench", "benchmark");
        registry.setAlias(model, "champion", 1, null, "bench", "benchmark");
        // warm-up, a whole run: JIT (C2 was still compiling through a 10 s warm-up), class loading, the first MiniCluster
        latency(model, rates.get(0), seconds, new Setup("warm-up", 1000, true, Map.of()));
        List<String[]> rows = new ArrayList<>();
        List<int[]> order = new ArrayList<>(); // [rate index, setup index, repeat]: setups rotate so none always runs first
        for (int r = 0; r < rates.size(); r++) for (int rep = 0; rep < repeats; rep++)
            for (int k = 0; k < setups.size(); k++) order.add(new int[] {r, (k + rep) % setups.size(), rep});
        Map<String, String[]> byRun = new java.util.TreeMap<>();
        for (int[] o : order) {
            int rate = rates.get(o[0]);
            Setup setup = setups.get(o[1]);
            LatencyRun run = latency(model, rate, seconds, setup);
            Histogram h = run.produced();
            List<Long> episodes = episodeStarts(run.slow());
            Histogram gc = run.gcPauses();
            rows.add(new String[] {setup.name(), String.valueOf(rate),
                    String.format("%.1f / %.1f / %.1f / %.0f", h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                            h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3),
                    String.format("%.1f / %.1f", run.inJob().getValueAtPercentile(50) / 1e3, run.inJob().getValueAtPercentile(99) / 1e3),
                    String.format("%.2f %%", 100.0 * run.slow().size() / Math.max(1, h.getTotalCount())),
                    episodes.size() + (episodes.size() > 1 ? String.format(", every %.2f s", medianSpacing(episodes) / 1e9) : ""),
                    gc.getTotalCount() + (gc.getTotalCount() > 0 ? String.format(", max %.0f ms", gc.getMaxValue() / 1e3) : ""),
                    String.valueOf(h.getTotalCount())});
            byRun.put(String.format("%03d-%03d-%03d", o[0], o[1], o[2]), rows.remove(rows.size() - 1));
        }
        rows.addAll(byRun.values());
        out.println();
        out.printf("Tributary scoring latency sweep: logistic regression, Kafka %s, Redis %s, %d cores, %d s per run, "
                + "append -> produced (read_uncommitted); in job: from the input lookup to the score%n", kafka, redis, Runtime.getRuntime().availableProcessors(), seconds);
        out.printf("| %-38s | %-6s | %-30s | %-16s | %-8s | %-22s | %-14s | %-7s |%n", "outputs, checkpoints", "ev/s",
                "p50 / p99 / p99.9 / max (ms)", "in job p50 / p99", "> 20 ms", "stall episodes", "GC pauses", "events");
        out.println("|" + "-".repeat(40) + "|" + "-".repeat(8) + "|" + "-".repeat(32) + "|" + "-".repeat(18) + "|"
                + "-".repeat(10) + "|" + "-".repeat(24) + "|" + "-".repeat(16) + "|" + "-".repeat(9) + "|");
        for (String[] r : rows) out.printf("| %-38s | %6s | %-30s | %-16s | %8s | %-22s | %-14s | %7s |%n", (Object[]) r);
    }

    /** Send times (ns) at which runs of slow events begin; a gap of more than 100 ms between slow events starts a new one. */
    static List<Long> episodeStarts(List<long[]> slow) {
        List<long[]> sorted = new ArrayList<>(slow);
        sorted.sort(java.util.Comparator.comparingLong(e -> e[0]));
        List<Long> starts = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (long[] e : sorted) {
            if (starts.isEmpty() || e[0] - last > TimeUnit.MILLISECONDS.toNanos(100)) starts.add(e[0]);
            last = e[0];
        }
        return starts;
    }

    static double medianSpacing(List<Long> starts) {
        double[] gaps = new double[starts.size() - 1];
        for (int i = 1; i < starts.size(); i++) gaps[i - 1] = starts.get(i) - starts.get(i - 1);
        java.util.Arrays.sort(gaps);
        return gaps.length % 2 == 1 ? gaps[gaps.length / 2] : (gaps[gaps.length / 2 - 1] + gaps[gaps.length / 2]) / 2;
    }

    private ScoringJob scoringJob(String model, String topic, boolean bounded) {
        return scoringJob(model, topic, bounded, true).build();
    }

    private ScoringJob.Builder scoringJob(String model, String topic, boolean bounded, boolean exactlyOnce) {
        // the latency runs wait at most 1 ms for a micro-batch; the throughput runs use the defaults (64 rows or 5 ms)
        ScoringConfig cfg = bounded ? ScoringConfig.of(model, INPUTS) : ScoringConfig.of(model, INPUTS).withBatching(64, 1);
        return ScoringJob.builder().bootstrapServers(kafka).redisUri(redis).namespace("bench").eventsTopic(topic)
                .config(cfg).views(Map.of(VIEW.name(), VIEW)).exactlyOnce(exactlyOnce)
                .startingOffsets(bounded ? OffsetsInitializer.earliest() : OffsetsInitializer.latest()).bounded(bounded);
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
        return env(1000);
    }

    /** Parallelism 1, no restarts; checkpoints every {@code checkpointMs} (0: none). */
    private static StreamExecutionEnvironment env(long checkpointMs) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        if (checkpointMs > 0) env.enableCheckpointing(checkpointMs);
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
        LatencyRun run = latency(model, rate, seconds, new Setup("(c)", 1000, true, Map.of()));
        return new Histogram[] {run.produced(), run.committed()};
    }

    /**
     * One latency run, in µs: produced and committed latencies, the part of each produced latency spent in the job from
     * the input lookup to the score (the prediction's latency_ms), GC pauses, and [sent, latency] of the slow events.
     */
    private record LatencyRun(Histogram produced, Histogram committed, Histogram inJob, Histogram gcPauses, List<long[]> slow) {}

    /** The prediction's latency_ms: from the start of its input lookup to its score. */
    static double inJobMillis(byte[] prediction) {
        String json = new String(prediction, StandardCharsets.UTF_8);
        int at = json.lastIndexOf("\"latency_ms\":");
        if (at < 0) return 0;
        int from = at + "\"latency_ms\":".length(), to = from;
        while (to < json.length() && "0123456789.eE-+".indexOf(json.charAt(to)) >= 0) to++;
        return Double.parseDouble(json.substring(from, to));
    }

    /**
     * A latency run's job: checkpoint interval (0: none), exactly-once or at-least-once outputs, producer overrides, the
     * micro-batch's longest wait and the network buffer timeout (ms).
     */
    private record Setup(String name, long checkpointMs, boolean exactlyOnce, Map<String, String> producer,
                         long batchDelayMs, long bufferTimeoutMs) {
        Setup(String name, long checkpointMs, boolean exactlyOnce, Map<String, String> producer) {
            this(name, checkpointMs, exactlyOnce, producer, 1, 1);
        }
    }

    private LatencyRun latency(String model, int rate, int seconds, Setup setup) throws Exception {
        long checkpointMs = setup.checkpointMs();
        boolean exactlyOnce = setup.exactlyOnce();
        String topic = "events.bench_latency_" + model + "_" + rate + "_" + Math.abs(setup.name().hashCode());
        KafkaTopics.ensure(kafka, 1, topic);
        StreamExecutionEnvironment env = env(checkpointMs);
        env.setBufferTimeout(setup.bufferTimeoutMs());
        scoringJob(model, topic, false, exactlyOnce).producerProperties(setup.producer())
                .config(ScoringConfig.of(model, INPUTS).withBatching(64, setup.batchDelayMs())).build().attach(env);
        JobClient job = env.executeAsync("bench-scoring-latency");
        Histogram produced = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        Histogram committed = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        List<long[]> slow = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> sent = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        // one thread per isolation level, so that neither waits on the other's poll
        java.util.concurrent.atomic.AtomicLong probesScored = new java.util.concurrent.atomic.AtomicLong();
        Histogram inJob = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        Thread producedReader = reader(model, "read_uncommitted", sent, produced, inJob, slow, stop, probesScored);
        Thread committedReader = reader(model, "read_committed", sent, committed, null, null, stop, new java.util.concurrent.atomic.AtomicLong());
        boolean commits = exactlyOnce && checkpointMs > 0;
        GcPauses gc = new GcPauses();
        int i = 0;
        try {
            producedReader.start();
            committedReader.start();
            EventSerde serde = new EventSerde();
            awaitScoring(topic, serde, probesScored);
            gc.start();
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
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
            while (System.nanoTime() < drainUntil && (commits ? committed : produced).getTotalCount() < i) Thread.sleep(50);
        } finally {
            gc.stop();
            stop.set(true);
            producedReader.join(10_000);
            committedReader.join(10_000);
            job.cancel().get(60, TimeUnit.SECONDS);
        }
        return new LatencyRun(produced, committed, inJob, gc.pauses(), List.copyOf(slow));
    }

    /**
     * Sends probe events until one is scored (the job has started, read the registry and loaded the model), waits a
     * little more; the probes are not measured.
     */
    private void awaitScoring(String topic, EventSerde serde, java.util.concurrent.atomic.AtomicLong probesScored) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int probe = 0; probesScored.get() == 0; probe++) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the scoring job scored no probe event in 120 s");
                producer.send(record(topic, serde, "probe" + probe, probe));
                producer.flush();
                Thread.sleep(100);
            }
            for (int probe = 0; probe < 20; probe++) { // a steady trickle while the job settles
                producer.send(record(topic, serde, "settle" + probe, probe));
                Thread.sleep(100);
            }
        }
    }

    /** Reads the predictions at one isolation level; records each sent event's latency once, and the slow ones. */
    private Thread reader(String model, String isolation, Map<String, Long> sent, Histogram h, Histogram inJob, List<long[]> slow,
                          java.util.concurrent.atomic.AtomicBoolean stop, java.util.concurrent.atomic.AtomicLong probes) {
        Thread t = new Thread(() -> {
            java.util.Set<String> seen = new java.util.HashSet<>();
            try (KafkaConsumer<byte[], byte[]> c = consumer(TopicNames.predictions(model), isolation)) {
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        if (key.startsWith("probe")) probes.incrementAndGet();
                        Long t0 = sent.get(key);
                        if (t0 == null || !seen.add(key)) continue;
                        long micros = Math.max(0, (now - t0) / 1000);
                        h.recordValue(micros);
                        if (inJob != null) inJob.recordValue(Math.max(0, Math.round(inJobMillis(r.value()) * 1000)));
                        if (slow != null && micros > SLOW_MICROS) slow.add(new long[] {t0, micros});
                    }
                }
            }
        }, "bench-latency-" + isolation);
        t.setDaemon(true);
        return t;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String topic, String isolation) {
        KafkaTopics.ensure(kafka, 1, topic);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // the broker answers a waiting fetch as soon as a record arrives: a short wait adds no latency, only
        // empty round trips that take CPU from the job (the read_committed reader sees nothing between commits)
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
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
        // like an application's producer: batches of up to 1 ms (a produce request per event would load the broker,
        // on the same two cores, more than the job does); the wait counts in the measured latency
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
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
