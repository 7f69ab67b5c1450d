package io.tributary.jobs.bench;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.topic.TopicNames;
import io.tributary.training.gate.ValidationGate;
import io.tributary.training.job.TrainingConfig;
import io.tributary.training.job.TrainingJob;
import io.tributary.training.model.ModelSpec;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The training benchmark, against a real Kafka: (1) from appending the example that triggers a retrain over a
 * 100k-example window to the new version in the registry; (2) the job's event throughput with training running
 * (a retrain every 50k examples) next to the same job that never trains, measured in the same run.
 */
public final class TrainingBenchmark {
    private final String kafka;
    private final PrintStream out;

    public TrainingBenchmark(String kafka, PrintStream out) {
        this.kafka = kafka;
        this.out = out;
    }

    public void run(int windowSize, int throughputExamples) throws Exception {
        String suffix = String.valueOf(System.currentTimeMillis());
        String artefacts = Files.createTempDirectory("bench-models").toUri().toString();

        // (1) trigger -> registered
        String topic1 = "examples.bench_latency_" + suffix;
        KafkaTopics.ensure(kafka, 1, topic1, TopicNames.RETRAIN_REQUESTS, TopicNames.EXPERIMENT_RUNS, TopicNames.DEAD_LETTERS);
        produce(topic1, windowSize - 1, 0);
        String model1 = "bench_latency_" + suffix;
        StreamExecutionEnvironment env = env();
        TrainingJob.build(env, config(model1, windowSize, windowSize, artefacts), topic1, OffsetsInitializer.earliest(), 600_000);
        JobClient job = env.executeAsync("bench-training-latency");
        ModelRegistry registry = new ModelRegistry(kafka, new ArtifactStore(artefacts));
        long registeredMs;
        try {
            Thread.sleep(15_000); // the job reads the first windowSize-1 examples
            long t0 = System.nanoTime();
            produce(topic1, 1, windowSize - 1);
            while (registry.state().model(model1).map(m -> m.versions().isEmpty()).orElse(true)) {
                if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10)) throw new IllegalStateException("no version within 10 min");
                Thread.sleep(100);
            }
            registeredMs = (System.nanoTime() - t0) / 1_000_000;
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }

        // (2) throughput without and with training
        String topic2 = "examples.bench_throughput_" + suffix;
        KafkaTopics.ensure(kafka, 1, topic2);
        produce(topic2, throughputExamples, 0);
        double without = throughput("bench_nt_" + suffix, topic2, Integer.MAX_VALUE, artefacts, throughputExamples);
        double with = throughput("bench_t_" + suffix, topic2, throughputExamples / 6, artefacts, throughputExamples);

        out.println();
        out.printf("Tributary training benchmark: Kafka %s, %d cores%n", kafka, Runtime.getRuntime().availableProcessors());
        out.printf("%-70s %12s%n", "measurement", "value");
        out.printf("%-70s %10d ms%n", "triggering example appended -> version registered (window " + windowSize + ")", registeredMs);
        out.printf("%-70s %8.0f ev/s%n", "job throughput, no training (" + throughputExamples + " examples)", without);
        out.printf("%-70s %8.0f ev/s%n", "job throughput, retraining every " + throughputExamples / 6 + " examples", with);
        out.printf("%-70s %10.2f%n", "throughput with training / without", with / without);
    }

    private double throughput(String model, String topic, int retrainEvery, String artefacts, int n) throws Exception {
        StreamExecutionEnvironment env = env();
        TrainingJob.build(env, config(model, 100_000, retrainEvery, artefacts), topic, OffsetsInitializer.earliest(), 600_000, true);
        long t0 = System.nanoTime();
        env.execute("bench-throughput-" + model);
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private TrainingConfig config(String model, int window, int retrainEvery, String artefacts) {
        ModelSpec spec = new ModelSpec(model, List.of("a", "b", "c", "d"), ModelSpec.Algorithm.LOGISTIC_SGD,
                Map.of("epochs", 3.0, "learning_rate", 0.1), true, 1);
        return new TrainingConfig(spec, "y", window, retrainEvery, 0.2, new ValidationGate(0.5, 5, 1), kafka, artefacts, "bench", null);
    }

    private static StreamExecutionEnvironment env() throws java.io.IOException {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // as on the cluster: RocksDB, checkpoints on the file system (a 100k-example window is more than 5 MB)
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.dir", Files.createTempDirectory("bench-checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(5000);
        return env;
    }

    private void produce(String topic, int n, int offset) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        EventSerde serde = new EventSerde();
        Random r = new Random(offset);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                double a = r.nextGaussian(), b = r.nextGaussian(), c = r.nextGaussian(), d = r.nextGaussian();
                boolean y = a - b + 0.5 * c + r.nextGaussian() > 0;
                producer.send(new ProducerRecord<>(topic, serde.serialize(new EventEnvelope("bench", "e" + (offset + i),
                        978_307_200_000L + (offset + i) * 1000L, Map.of("a", a, "b", b, "c", c, "d", d, "y", y)))));
            }
            producer.flush();
        }
    }
}
