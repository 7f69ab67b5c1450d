package io.tributary.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.models.RegistryState;
import io.tributary.core.topic.TopicNames;
import io.tributary.drift.job.DriftJob;
import io.tributary.inference.ScoringJob;
import io.tributary.inference.input.InputFeature;
import io.tributary.inference.score.ScoringConfig;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.KafkaTopicReader;
import io.tributary.training.gate.ValidationGate;
import io.tributary.training.job.TrainingConfig;
import io.tributary.training.job.TrainingJob;
import io.tributary.training.model.ModelSpec;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop closed, end to end, on a real broker and Flink: the training job trains v1 on the first regime; the scoring
 * job serves it; the inputs shift (x0 by 2.5 sd); the drift job's windows test the served inputs against v1's
 * training reference and raise one alert; it requests a retrain; the training job trains v2 on the shifted data, the
 * gate passes it, it becomes champion and the scoring job swaps; the windows served by v2 match v2's reference and
 * the alert clears.
 */
class DriftRetrainLoopITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    private static final String MODEL = "loop_model";
    private static final String TOPIC = "events.loop";
    private static final long T0 = 978_307_200_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void shiftedInputsRaiseAnAlertThatRetrainsAndTheNewChampionClearsIt() throws Exception {
        KAFKA.createTopics(1, TOPIC);
        List<String> features = List.of("x0", "x1", "x2");
        ModelSpec spec = new ModelSpec(MODEL, features, ModelSpec.Algorithm.LOGISTIC_SGD, Map.of("epochs", 3.0, "learning_rate", 0.1), true, 7);
        String artefacts = dir.resolve("models").toUri().toString();
        TrainingConfig training = new TrainingConfig(spec, "y", 1400, 1500, 0.2, new ValidationGate(0.5, 5.0, 1.0),
                KAFKA.bootstrapServers(), artefacts, "test", null);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        TrainingJob.build(env, training, TOPIC, OffsetsInitializer.earliest(), 60_000);
        ScoringJob.builder().bootstrapServers(KAFKA.bootstrapServers()).eventsTopic(TOPIC)
                .config(ScoringConfig.of(MODEL, features.stream().map(f -> InputFeature.parse(f + "=payload:" + f)).toList()))
                .startingOffsets(OffsetsInitializer.earliest()).build().attach(env);
        DriftJob.builder().bootstrapServers(KAFKA.bootstrapServers()).model(MODEL).window(Duration.ofMinutes(5))
                .outOfOrderness(Duration.ofSeconds(10)).cooldown(Duration.ofHours(1)).retrainSeverity("critical")
                .warehouse(dir.resolve("warehouse").toUri().toString()).build().attach(env);
        JobClient job = env.executeAsync("train-score-drift");
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(artefacts));
        try {
            produce(0, 1500, 0.0);                     // regime A: v1 is trained on it
            RegistryState.Model m = await(registry, s -> s.aliased("champion").isPresent(), "a first champion");
            assertThat(m.aliased("champion").orElseThrow().number()).isEqualTo(1);

            produce(1500, 1400, 2.5);                  // regime B: x0 shifted
            List<JsonNode> raised = awaitAlerts(a -> a.get("state").asText().equals("RAISED") && a.get("feature").asText().equals("x0"));
            assertThat(raised.get(0).get("version").asInt()).isEqualTo(1);
            assertThat(raised.get(0).get("severity").asText()).isEqualTo("critical");
            m = await(registry, s -> s.aliased("champion").map(v -> v.number() >= 2).orElse(false), "a champion retrained after the drift");
            RegistryState.Version v2 = m.aliased("champion").orElseThrow();
            assertThat(v2.registered().why()).startsWith("retrain request: drift:");

            produce(2900, 1000, 2.5);                  // regime B goes on, served by v2
            awaitAlerts(a -> a.get("state").asText().equals("CLEARED") && a.get("feature").asText().equals("x0"));
            List<JsonNode> all = alerts();
            // a lasting drift is one alert per test, not one per window
            for (String test : List.of("PSI", "KS")) {
                assertThat(all.stream().filter(a -> a.get("feature").asText().equals("x0") && a.get("test").asText().equals(test)
                        && a.get("state").asText().equals("RAISED")).count()).as(test).isLessThanOrEqualTo(1);
            }
            // one retrain request answered all the statistics that moved
            List<ConsumerRecord<byte[], byte[]>> requests = KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(),
                    TopicNames.RETRAIN_REQUESTS, 2, Duration.ofSeconds(5));
            assertThat(requests).hasSize(1);
            EventEnvelope request = new EventSerde().parse(requests.get(0).value(), TopicNames.RETRAIN_REQUESTS);
            assertThat(request.getKey()).isEqualTo(MODEL);
            assertThat(String.valueOf(request.getPayload().get("reason"))).contains("serving version 1");
            // the windows before the shift, tested against v1's reference, did not drift on x0
            List<JsonNode> metrics = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), TopicNames.DRIFT_METRICS,
                    100_000, Duration.ofSeconds(5))) metrics.add(JSON.readTree(r.value()));
            assertThat(metrics).filteredOn(x -> x.get("feature").asText().equals("x0") && x.get("test").asText().equals("PSI")
                    && x.get("window_end").asLong() <= T0 + 1500_000L).isNotEmpty().allMatch(x -> !x.get("drifted").asBoolean());
            // the same statistics in the Iceberg table drift.metrics (committed with the checkpoints)
            long icebergRows = 0;
            for (int i = 0; i < 50 && icebergRows == 0; i++) {
                org.apache.iceberg.Table table = io.tributary.core.iceberg.IcebergTables.catalog(dir.resolve("warehouse").toUri().toString())
                        .loadCatalog().loadTable(io.tributary.drift.job.DriftMetricsTable.ID);
                table.refresh();
                try (var rows = org.apache.iceberg.data.IcebergGenerics.read(table).build()) {
                    for (var row : rows) icebergRows++;
                }
                if (icebergRows == 0) Thread.sleep(200);
            }
            assertThat(icebergRows).isGreaterThan(0);
        } finally {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /** Events a second apart; y depends on x0, x1, x2 the same way in both regimes. */
    private static void produce(int from, int n, double shift) throws Exception {
        Random r = new Random(from);
        EventSerde serde = new EventSerde();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            double x0 = r.nextGaussian() + shift, x1 = r.nextGaussian(), x2 = r.nextGaussian();
            boolean y = r.nextDouble() < 1 / (1 + Math.exp(-(1.5 * (x0 - shift) - x1 + 0.5 * x2)));
            long t = T0 + i * 1000L;
            records.add(new ProducerRecord<>(TOPIC, null, t, ("e" + i).getBytes(StandardCharsets.UTF_8),
                    serde.serialize(new EventEnvelope("loop", "e" + i, t, Map.of("x0", x0, "x1", x1, "x2", x2, "y", y)))));
        }
        KAFKA.produce(TOPIC, records);
    }

    private static RegistryState.Model await(ModelRegistry registry, Predicate<RegistryState.Model> done, String what) throws Exception {
        for (int i = 0; i < 300; i++) {
            RegistryState.Model m = registry.state().model(MODEL).orElse(null);
            if (m != null && done.test(m)) return m;
            Thread.sleep(400);
        }
        throw new AssertionError("no " + what + " within 2 minutes; registry: " + registry.state().model(MODEL).map(RegistryState.Model::history));
    }

    private static List<JsonNode> awaitAlerts(Predicate<JsonNode> wanted) throws Exception {
        for (int i = 0; i < 120; i++) {
            List<JsonNode> found = alerts().stream().filter(wanted).toList();
            if (!found.isEmpty()) return found;
            Thread.sleep(500);
        }
        throw new AssertionError("no such alert within a minute; alerts: " + alerts());
    }

    private static List<JsonNode> alerts() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), TopicNames.DRIFT_ALERTS,
                100_000, Duration.ofSeconds(1))) out.add(JSON.readTree(r.value()));
        return out;
    }
}
