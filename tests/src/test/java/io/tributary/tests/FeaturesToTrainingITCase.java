package io.tributary.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.sql.Placeholders;
import io.tributary.core.sql.SqlScript;
import io.tributary.features.sql.EmbeddedSql;
import io.tributary.testing.FlightsSlice;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.KafkaTopicReader;
import io.tributary.testing.RedisServerExtension;
import io.tributary.training.gate.ValidationGate;
import io.tributary.training.job.TrainingConfig;
import io.tributary.training.job.TrainingJob;
import io.tributary.training.model.ModelSpec;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From real flights to a registered model, through the scripts users submit: the SQL feature views write their
 * changelogs, the SQL training set joins each flight with the features current at its departure, and the training job
 * trains, gates and registers a model from those examples.
 */
class FeaturesToTrainingITCase {
    @RegisterExtension @org.junit.jupiter.api.Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(2) static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(3) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    static final List<String> FEATURES = List.of("origin_departures", "origin_mean_delay", "origin_late_rate",
            "dest_arrivals", "dest_mean_delay", "dest_late_rate", "distance");

    void runScript(String file, Map<String, String> vars) throws Exception {
        String script = Placeholders.substitute(Files.readString(Path.of(System.getProperty("tributary.root"), file)), vars);
        // as users submit them, but bounded so that the test ends
        script = script.replaceAll("'format' = '(tributary-)?json'", "$0, 'scan.bounded.mode' = 'latest-offset'")
                .replace("'value.format' = 'json'", "'value.format' = 'json', 'scan.bounded.mode' = 'latest-offset'");
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnv.getConfig().set("parallelism.default", "1");
        for (SqlScript.Statement st : SqlScript.split(script)) {
            var result = EmbeddedSql.execute(tEnv, st.sql());
            if (result.isPresent()) result.get().await();
        }
    }

    @Test
    void flightsBecomeFeaturesExamplesAndAModel(@TempDir Path dir) throws Exception {
        KAFKA.createTopics(1, "events.flights", "features.origin_1h", "features.destination_1h", "examples.flights",
                "models.retrain", "models.runs", "deadletter");
        List<EventEnvelope> flights = FlightsSlice.events();
        EventSerde serde = new EventSerde();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (EventEnvelope e : flights) {
            records.add(new ProducerRecord<>("events.flights", null, e.getEventTimeMillis(), e.getKey().getBytes(StandardCharsets.UTF_8), serde.serialize(e)));
        }
        KAFKA.produce("events.flights", records);

        String warehouse = dir.resolve("warehouse").toUri().toString();
        Map<String, String> vars = Map.of("kafka.bootstrap.servers", KAFKA.bootstrapServers(), "redis.uri", REDIS.uri(),
                "iceberg.warehouse", warehouse);
        runScript("sql/features/flights_origin_1h.sql", vars);
        runScript("sql/features/flights_destination_1h.sql", vars);
        runScript("sql/training/flights_examples.sql", vars);

        List<ConsumerRecord<byte[], byte[]>> examples = KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(),
                "examples.flights", flights.size(), Duration.ofSeconds(60));
        assertThat(examples).hasSize(flights.size()); // every flight, once
        int present = 0;
        for (ConsumerRecord<byte[], byte[]> r : examples) {
            EventEnvelope e = serde.parse(r.value(), "examples.flights");
            if ("PRESENT".equals(e.getPayload().get("origin_status"))) present++;
        }
        assertThat(present).isGreaterThan(flights.size() / 2); // after the first hour, most origins have a fresh row

        ModelSpec spec = new ModelSpec("flights_delay", FEATURES, ModelSpec.Algorithm.LOGISTIC_SGD,
                Map.of("epochs", 3.0, "learning_rate", 0.05), true, 7);
        TrainingConfig cfg = new TrainingConfig(spec, "late", 20_000, 15_000, 0.2, new ValidationGate(0.5, 1.0, 1.0),
                KAFKA.bootstrapServers(), dir.resolve("models").toUri().toString(), "test", warehouse,
                List.of("origin_view_version", "dest_view_version"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        TrainingJob.build(env, cfg, "examples.flights", OffsetsInitializer.earliest(), 120_000);
        JobClient job = env.executeAsync("training");
        try {
            List<ConsumerRecord<byte[], byte[]>> runs = KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), "models.runs", 1, Duration.ofSeconds(120));
            assertThat(runs).hasSize(1);
            JsonNode run = new ObjectMapper().readTree(runs.get(0).value());
            assertThat(run.get("outcome").asText()).as(run.toString()).isEqualTo("REGISTERED");
            double auc = run.get("metrics").get("auc").asDouble();
            System.out.println("flights_delay v1 holdout AUC on the slice: " + auc);
            assertThat(auc).isGreaterThan(0.5);
            var model = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(cfg.artifactStore())).state()
                    .model("flights_delay").orElseThrow();
            Map<String, Object> lineage = model.aliased("champion").orElseThrow().registered().lineage();
            assertThat(lineage).containsEntry("train_examples", 12_000);
            // the versions of the feature views the examples came from (the SQL views' view_version)
            assertThat(lineage.get("feature_view_versions").toString()).isEqualTo("{origin_view_version=[sql-1], dest_view_version=[sql-1]}");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }
}
