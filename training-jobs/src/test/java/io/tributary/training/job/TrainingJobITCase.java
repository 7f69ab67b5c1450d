package io.tributary.training.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.models.RegistryState;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.KafkaTopicReader;
import io.tributary.training.gate.ValidationGate;
import io.tributary.training.model.Example;
import io.tributary.training.model.ModelSpec;
import io.tributary.training.model.TribuoTrainer;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Continuous training on a real broker and MiniCluster: every 1,000 new examples (and on a retrain request) a model
 * is trained off the record path, gated, registered, and the run recorded on {@code models.runs}; the first version
 * is bit-identical to training the same window directly.
 */
class TrainingJobITCase {
    @RegisterExtension @org.junit.jupiter.api.Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(2) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    static List<EventEnvelope> examples(int n) {
        Random r = new Random(3);
        List<EventEnvelope> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian() * 10 + 50, b = r.nextGaussian(), c = r.nextGaussian();
            boolean y = (a - 50) / 10 - 1.5 * b + 0.5 * r.nextGaussian() > 0;
            out.add(new EventEnvelope("examples", "m", 978_307_200_000L + i * 1000L, Map.of("a", a, "b", b, "c", c, "late", y)));
        }
        return out;
    }

    @Test
    void trainsEveryThousandExamplesAndOnRequest(@TempDir Path artefacts) throws Exception {
        KAFKA.createTopics(1, "examples.m", "models.retrain", "models.runs", "deadletter");
        List<EventEnvelope> data = examples(3000);
        EventSerde serde = new EventSerde();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (EventEnvelope e : data) records.add(new ProducerRecord<>("examples.m", serde.serialize(e)));
        KAFKA.produce("examples.m", records);

        ModelSpec spec = new ModelSpec("m", List.of("a", "b", "c"), ModelSpec.Algorithm.LOGISTIC_SGD,
                Map.of("epochs", 3.0, "learning_rate", 0.1), true, 42);
        String warehouse = artefacts.resolve("warehouse").toUri().toString();
        TrainingConfig cfg = new TrainingConfig(spec, "late", 2000, 1000, 0.2, new ValidationGate(0.8, 0.7, 0.05),
                KAFKA.bootstrapServers(), artefacts.toUri().toString(), "test", warehouse);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(300);
        TrainingJob.build(env, cfg, "examples.m", OffsetsInitializer.earliest(), 60_000);
        JobClient job = env.executeAsync("training");
        try {
            List<ConsumerRecord<byte[], byte[]>> runs = KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), "models.runs", 3, Duration.ofSeconds(120));
            assertThat(runs).hasSize(3);
            KAFKA.produce("models.retrain", List.of(new ProducerRecord<>("models.retrain", serde.serialize(
                    new EventEnvelope("drift", "m", System.currentTimeMillis(), Map.of("reason", "drift on mean_delay"))))));
            runs = KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), "models.runs", 4, Duration.ofSeconds(120));
            assertThat(runs).hasSize(4);

            ObjectMapper json = new ObjectMapper();
            List<JsonNode> outcomes = new ArrayList<>();
            for (var r : runs) outcomes.add(json.readTree(r.value()));
            assertThat(outcomes.get(0).get("outcome").asText()).as(outcomes.get(0).toString()).isEqualTo("REGISTERED");
            assertThat(outcomes.get(0).get("examples").asInt()).isEqualTo(1000);
            assertThat(outcomes.get(1).get("examples").asInt()).isEqualTo(2000);
            assertThat(outcomes.get(2).get("examples").asInt()).isEqualTo(2000); // the window keeps the newest 2,000
            assertThat(outcomes.get(3).get("trigger").asText()).isEqualTo("retrain request: drift on mean_delay");
            for (JsonNode o : outcomes) {
                assertThat(o.get("outcome").asText()).isIn("REGISTERED", "REJECTED");
                assertThat(o.get("metrics").get("auc").asDouble()).isGreaterThan(0.8);
                assertThat(o.get("parameters").get("algorithm").asText()).isEqualTo("LOGISTIC_SGD");
            }
            // later runs are compared with the champion on the same holdout
            assertThat(outcomes.get(1).get("championMetrics").get("auc").asDouble()).isGreaterThan(0.8);

            RegistryState.Model model = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(artefacts.toUri().toString()))
                    .state().model("m").orElseThrow();
            // a version that passes the gate serves at once (the continuous default): the champion is the newest version
            assertThat(model.aliased("champion").orElseThrow().number()).isEqualTo(model.latestVersion());
            if (model.latestVersion() > 1) assertThat(model.alias("champion").orElseThrow().previousVersion()).isNotNull();
            // the request came with no new examples: the same window, the same bytes, the same version (idempotent)
            assertThat(outcomes.get(3).get("runId").asText()).isEqualTo(outcomes.get(2).get("runId").asText());
            assertThat(outcomes.get(3).get("sha256").asText()).isEqualTo(outcomes.get(2).get("sha256").asText());
            long registered = outcomes.stream().filter(o -> o.get("outcome").asText().equals("REGISTERED"))
                    .map(o -> o.get("runId").asText()).distinct().count();
            long rejected = outcomes.stream().filter(o -> o.get("outcome").asText().equals("REJECTED"))
                    .map(o -> o.get("runId").asText()).distinct().count();
            assertThat(model.versions()).hasSize((int) registered);
            assertThat(model.rejected()).hasSize((int) rejected);
            assertThat(model.version(1).orElseThrow().registered().lineage()).containsEntry("from_event_time", 978_307_200_000L)
                    .containsEntry("train_examples", 800).containsEntry("seed", 42);
            // the drift reference: the window's feature distributions and the holdout's scores
            io.tributary.core.drift.ReferenceProfile reference = io.tributary.core.drift.ReferenceProfile
                    .fromLineage(model.version(1).orElseThrow().registered().lineage()).orElseThrow();
            assertThat(reference.numericFeatures()).containsExactlyInAnyOrder("a", "b", "c", io.tributary.core.drift.Profile.SCORE);
            assertThat(reference.numeric("a").count()).isEqualTo(1000);
            assertThat(reference.numeric(io.tributary.core.drift.Profile.SCORE).count()).isEqualTo(200);

            // the experiment record is also in Iceberg, one row per run
            List<org.apache.iceberg.data.Record> rows = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (rows.size() < 4 && System.nanoTime() < deadline) {
                rows.clear();
                org.apache.iceberg.Table t = RunsTable.catalog(warehouse).loadCatalog().loadTable(RunsTable.ID);
                t.refresh();
                try (var it = org.apache.iceberg.data.IcebergGenerics.read(t).build()) { it.forEach(rows::add); }
                Thread.sleep(200);
            }
            assertThat(rows).hasSize(4);
            assertThat(rows).allSatisfy(r -> {
                assertThat((Double) r.getField("auc")).isGreaterThan(0.8);
                assertThat((String) r.getField("parameters")).contains("LOGISTIC_SGD");
            });

            // the example query that compares runs works on it
            var tEnv = org.apache.flink.table.api.TableEnvironment.create(org.apache.flink.table.api.EnvironmentSettings.inBatchMode());
            String script = io.tributary.core.sql.Placeholders.substitute(java.nio.file.Files.readString(
                    Path.of(System.getProperty("tributary.root"), "sql/examples/compare_runs.sql")), Map.of("iceberg.warehouse", warehouse));
            List<io.tributary.core.sql.SqlScript.Statement> statements = io.tributary.core.sql.SqlScript.split(script);
            for (var st : statements.subList(0, statements.size() - 1)) tEnv.executeSql(st.sql()).await();
            List<org.apache.flink.types.Row> best = new ArrayList<>();
            try (var it = tEnv.executeSql(statements.get(statements.size() - 1).sql()).collect()) { it.forEachRemaining(best::add); }
            assertThat(best).singleElement().satisfies(r -> assertThat(r.getField(0)).isEqualTo("m"));

            // deterministic: the same window, split and seed trained outside Flink gives the same bytes
            List<Example> first = new ArrayList<>();
            for (EventEnvelope e : data.subList(0, 1000)) first.add(TrainingJob.toExample(cfg, e));
            first.sort(Comparator.comparingLong(Example::eventTime));
            assertThat(TribuoTrainer.train(spec, first.subList(0, 800)).sha256())
                    .isEqualTo(model.version(1).orElseThrow().registered().sha256());

            // reproducible from the lineage alone: Iceberg time travel to the recorded snapshot, same bytes
            for (RegistryState.Version v : model.versions().values()) {
                assertThat(v.registered().lineage().get("iceberg_snapshot")).as("v" + v.number() + " lineage").isNotNull();
                assertThat(TrainingReproducer.reproduce(v.registered()).sha256()).as("v" + v.number()).isEqualTo(v.registered().sha256());
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }
}
