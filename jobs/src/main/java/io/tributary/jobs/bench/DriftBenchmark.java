package io.tributary.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.drift.ReferenceProfile;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.topic.TopicNames;
import io.tributary.drift.job.DriftJob;
import io.tributary.training.model.Example;
import io.tributary.training.model.ModelSpec;
import io.tributary.training.model.TribuoTrainer;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * The drift job's throughput at parallelism 1 on predictions with 20 numeric inputs (3 tests, PSI, KS and the
 * normalized Wasserstein distance, per input and for the score, per 1-minute event-time window of 6,000 predictions),
 * next to a job that only reads and parses the same predictions (the baseline), measured in the same run.
 */
public final class DriftBenchmark {
    private static final int FEATURES = 20;
    private final String kafka;
    private final PrintStream out;

    public DriftBenchmark(String kafka, PrintStream out) {
        this.kafka = kafka;
        this.out = out;
    }

    public void run(int events) throws Exception {
        String suffix = String.valueOf(System.currentTimeMillis());
        String model = "bench_drift_" + suffix;
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) names.add("f" + f);
        // a real version: a Tribuo model over the 20 inputs, with the training reference in its lineage
        Random r = new Random(7);
        List<Example> train = new ArrayList<>();
        ReferenceProfile reference = new ReferenceProfile();
        for (int i = 0; i < 20_000; i++) {
            double[] x = new double[FEATURES];
            for (int f = 0; f < FEATURES; f++) {
                x[f] = r.nextGaussian();
                reference.add(names.get(f), x[f]);
            }
            reference.addScore(r.nextDouble());
            train.add(new Example(x, x[0] + r.nextGaussian() > 0, 978_307_200_000L + i));
        }
        ModelSpec spec = new ModelSpec(model, names, ModelSpec.Algorithm.LOGISTIC_SGD, Map.of("epochs", 1.0), true, 1);
        ModelRegistry registry = new ModelRegistry(kafka, new ArtifactStore(Files.createTempDirectory("bench-drift").toUri().toString()));
        registry.register(model, TribuoTrainer.train(spec, train).onnx(), names, Map.of(),
                Map.of(ReferenceProfile.LINEAGE_KEY, reference.toBase64()), "bench", "drift benchmark");
        KafkaTopics.ensure(kafka, 1, TopicNames.predictions(model));
        produce(model, events, r);

        double baseline = 0, drift = 0;
        for (int run = 0; run < 2; run++) { // interleaved, the better run counts
            baseline = Math.max(baseline, timed(env -> readOnly(env, model), events));
            drift = Math.max(drift, timed(env -> DriftJob.builder().bootstrapServers(kafka).model(model).window(Duration.ofMinutes(1))
                    .retrainSeverity("none").bounded(true).build().attach(env), events));
        }
        out.println();
        out.printf("Tributary drift benchmark: Kafka %s, %d cores, %,d predictions x %d inputs per run%n", kafka,
                Runtime.getRuntime().availableProcessors(), events, FEATURES);
        out.printf("| %-78s | %-15s |%n", "measurement", "value");
        out.println("|" + "-".repeat(80) + "|" + "-".repeat(17) + "|");
        out.printf("| %-78s | %,10.0f ev/s |%n", "baseline: read and parse the predictions, 1 core", baseline);
        out.printf("| %-78s | %,10.0f ev/s |%n", "drift job: " + FEATURES + " inputs x 3 tests (PSI, KS, WASSERSTEIN) + the score, 1 core", drift);
        out.printf("| %-78s | %15.2f |%n", "drift job / baseline", drift / baseline);
    }

    private interface Body {
        void add(StreamExecutionEnvironment env) throws Exception;
    }

    private static double timed(Body body, int events) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        body.add(env);
        long t0 = System.nanoTime();
        env.execute("bench-drift");
        return events / ((System.nanoTime() - t0) / 1e9);
    }

    private void readOnly(StreamExecutionEnvironment env, String model) {
        KafkaSource<String> source = KafkaSource.<String>builder().setBootstrapServers(kafka).setTopics(TopicNames.predictions(model))
                .setGroupId("bench-drift-read").setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(new SimpleStringSchema())).build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "predictions").map(new Parse()).sinkTo(new DiscardingSink<>());
    }

    static final class Parse implements MapFunction<String, Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Integer map(String s) throws Exception {
            return JSON.readTree(s).get("inputs").size();
        }
    }

    private void produce(String model, int n, Random r) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        ObjectMapper json = new ObjectMapper();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                long t = 978_307_200_000L + i * 10L; // 100 per second of event time
                ObjectNode o = json.createObjectNode();
                o.put("key", "k" + i).put("event_time", t).put("model", model).put("version", 1).put("variant", "champion")
                        .put("decision", true).put("score", r.nextDouble());
                o.putObject("statuses");
                ObjectNode in = o.putObject("inputs");
                for (int f = 0; f < FEATURES; f++) in.put("f" + f, r.nextGaussian() + (i > n / 2 && f == 0 ? 1 : 0));
                o.put("latency_ms", 1.0);
                producer.send(new ProducerRecord<>(TopicNames.predictions(model), null, t, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        json.writeValueAsBytes(o)));
            }
            producer.flush();
        }
    }
}
