package io.tributary.inference.ab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.topic.TopicNames;
import io.tributary.inference.score.Prediction;
import io.tributary.inference.score.ScoringSerializers;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The A/B analysis on a real broker: serving predictions meet their outcomes in event time, per day and variant. */
class AbAnalysisJobITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    @Test
    void comparesVariantsPerWindowFromPredictionsAndOutcomes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path warehouse) throws Exception {
        String model = "ab_model";
        KAFKA.createTopics(1, TopicNames.predictions(model), "events.ab");
        long day0 = 978_307_200_000L; // 2001-01-01
        Random r = new Random(3);
        List<ProducerRecord<byte[], byte[]>> predictions = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> outcomes = new ArrayList<>();
        EventSerde serde = new EventSerde();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            long t = day0 + i * (2 * 86_400_000L / n); // two days
            boolean y = r.nextDouble() < 0.3;
            boolean challenger = i % 4 == 0;
            double score = challenger ? Math.min(1, Math.max(0, (y ? 0.75 : 0.25) + r.nextGaussian() * 0.1)) : r.nextDouble();
            Prediction p = new Prediction("k" + i, t, model, challenger ? 2 : 1, challenger ? "challenger" : "champion", true,
                    score, Map.of(), Map.of(), 1.0);
            predictions.add(new ProducerRecord<>(TopicNames.predictions(model), null, t, bytes("k" + i), ScoringSerializers.toJson(p)));
            Prediction shadow = new Prediction("k" + i, t, model, 3, "shadow", false, 0.5, Map.of(), Map.of(), 1.0);
            predictions.add(new ProducerRecord<>(TopicNames.predictions(model), null, t, bytes("k" + i), ScoringSerializers.toJson(shadow)));
            if (i % 10 != 9) { // a tenth never get an outcome
                outcomes.add(new ProducerRecord<>("events.ab", null, t + 3_600_000, bytes("k" + i),
                        serde.serialize(new EventEnvelope("ab", "k" + i, t + 3_600_000, Map.of("late", y)))));
            }
        }
        KAFKA.produce(TopicNames.predictions(model), predictions);
        KAFKA.produce("events.ab", outcomes);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        AbAnalysisJob.builder().bootstrapServers(KAFKA.bootstrapServers()).model(model).outcomesTopic("events.ab")
                .labelField("late").window(Duration.ofDays(1)).warehouse(warehouse.toUri().toString()).bounded(true).build().attach(env);
        env.execute("ab-analysis");

        List<JsonNode> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (ConsumerRecord<byte[], byte[]> rec : KAFKA.consume(TopicNames.AB_RESULTS, 5, Duration.ofSeconds(5))) rows.add(json.readTree(rec.value()));
        assertThat(rows).hasSize(4); // two days x two serving variants; the shadow is not a variant of the split
        long labelled = rows.stream().mapToLong(x -> x.get("n").asLong()).sum();
        assertThat(labelled).isEqualTo(n - n / 10);
        // the same rows in the Iceberg table ab.results
        org.apache.iceberg.Table table = io.tributary.core.iceberg.IcebergTables.catalog(warehouse.toUri().toString()).loadCatalog()
                .loadTable(AbResultsTable.ID);
        List<org.apache.iceberg.data.Record> iceberg = new ArrayList<>();
        try (var it = org.apache.iceberg.data.IcebergGenerics.read(table).build()) {
            it.forEach(iceberg::add);
        }
        assertThat(iceberg).hasSize(4);
        assertThat(iceberg.stream().mapToLong(x -> (Long) x.getField("n")).sum()).isEqualTo(labelled);
        for (JsonNode row : rows) {
            assertThat(row.get("window_end").asLong() - row.get("window_start").asLong()).isEqualTo(86_400_000L);
            if (row.get("variant").asText().equals("challenger")) {
                assertThat(row.get("version").asInt()).isEqualTo(2);
                assertThat(row.get("auc").asDouble()).isGreaterThan(0.9);
                assertThat(row.get("significant").asBoolean()).isTrue();
                assertThat(row.get("z_test_p").asDouble()).isLessThan(0.001);
            } else {
                assertThat(row.get("variant").asText()).isEqualTo("champion");
                assertThat(row.get("auc").asDouble()).isBetween(0.4, 0.6);
            }
        }
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }
}
