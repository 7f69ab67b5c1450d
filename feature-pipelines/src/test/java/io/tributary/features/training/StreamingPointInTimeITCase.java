package io.tributary.features.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.pipeline.FeatureViewPipeline;
import io.tributary.features.training.TrainingSetQuery.FeatureJoin;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import io.tributary.testing.FlightsSlice;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streaming training sets (for continuous training) equal batch ones: labels of real flights joined in streaming
 * mode with the feature changelog topic (event-time temporal join) give the same values and statuses, label by label,
 * as the batch query over the Iceberg offline store written by the same computation.
 */
class StreamingPointInTimeITCase {
    @RegisterExtension @org.junit.jupiter.api.Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(2) static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(3) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    static final FeatureView VIEW = FeatureView.builder("origin_1h").source("events.flights").entityKeys("origin")
            .window(WindowSpec.tumbling(Duration.ofHours(1))).maxOutOfOrderness(Duration.ofMinutes(5))
            .feature("departures", Aggregation.COUNT, null, "")
            .feature("mean_delay", Aggregation.AVG, "delay", "")
            .feature("late_rate", Aggregation.RATE, "late", "")
            .ttl(Duration.ofHours(2)).build();

    @Test
    void streamingAndBatchTrainingSetsAgreeLabelByLabel() throws Exception {
        List<EventEnvelope> flights = FlightsSlice.events();
        KAFKA.createTopics(1, "events.flights", "labels.flights", "features.origin_1h");
        EventSerde serde = new EventSerde();
        ObjectMapper json = new ObjectMapper();
        List<ProducerRecord<byte[], byte[]>> events = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> labels = new ArrayList<>();
        for (int i = 0; i < flights.size(); i++) {
            EventEnvelope e = flights.get(i);
            events.add(new ProducerRecord<>("events.flights", null, e.getEventTimeMillis(), e.getKey().getBytes(StandardCharsets.UTF_8), serde.serialize(e)));
            if (i % 7 == 0) {
                Map<String, Object> label = Map.of("id", i, "origin", e.getPayload().get("origin"),
                        "destination", e.getPayload().get("destination"), "label", e.getPayload().get("late"));
                labels.add(new ProducerRecord<>("labels.flights", null, e.getEventTimeMillis(), null, json.writeValueAsBytes(label)));
            }
        }
        KAFKA.produce("events.flights", events);
        KAFKA.produce("labels.flights", labels);

        String warehouse = Files.createTempDirectory("pit-wh").toUri().toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        FeatureViewPipeline.sinks(FeatureViewPipeline.aggregate(FeatureViewPipeline.source(env, VIEW, KAFKA.bootstrapServers(),
                        true, "pit", OffsetsInitializer.earliest()), VIEW), VIEW,
                new FeatureViewPipeline.SinkTargets(KAFKA.bootstrapServers(), REDIS.uri(), "pit", warehouse));
        env.execute("features");

        TrainingSetQuery query = TrainingSetQuery.builder("labels", "id", "ts")
                .join(FeatureJoin.of("origin_features").on("origin", "origin").ttl(Duration.ofHours(2))
                        .features("departures", "mean_delay", "late_rate").prefix("origin").withWindowEnd())
                .join(FeatureJoin.of("origin_features").on("destination", "origin").ttl(Duration.ofHours(2))
                        .features("mean_delay").prefix("dest"))
                .build();
        String labelsDdl = "CREATE TABLE labels (id BIGINT, origin STRING, destination STRING, label BOOLEAN, "
                + "ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp'%s) WITH ('connector' = 'kafka', 'topic' = 'labels.flights', "
                + "'properties.bootstrap.servers' = '" + KAFKA.bootstrapServers() + "', 'scan.startup.mode' = 'earliest-offset', "
                + "'scan.bounded.mode' = 'latest-offset', 'format' = 'json')";

        TableEnvironment batch = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        batch.getConfig().set("table.local-time-zone", "UTC");
        batch.executeSql("CREATE CATALOG t WITH ('type' = 'iceberg', 'catalog-type' = 'hadoop', 'warehouse' = '" + warehouse + "')");
        batch.executeSql(String.format(labelsDdl, ""));
        batch.executeSql("CREATE TEMPORARY VIEW origin_features AS SELECT * FROM t.features.origin_1h");
        Map<Long, Map<String, Object>> offline = collect(batch, query.sql());

        TableEnvironment streaming = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        streaming.getConfig().set("table.local-time-zone", "UTC");
        streaming.getConfig().set("parallelism.default", "1");
        streaming.executeSql(String.format(labelsDdl, ", WATERMARK FOR ts AS ts"));
        streaming.executeSql("CREATE TABLE origin_features (origin STRING, window_start TIMESTAMP_LTZ(3), window_end TIMESTAMP_LTZ(3), "
                + "event_count BIGINT, departures BIGINT, mean_delay DOUBLE, late_rate DOUBLE, view_version STRING, "
                + "PRIMARY KEY (origin) NOT ENFORCED, WATERMARK FOR window_end AS window_end - INTERVAL '0.001' SECOND) WITH ('connector' = 'upsert-kafka', "
                + "'topic' = 'features.origin_1h', 'properties.bootstrap.servers' = '" + KAFKA.bootstrapServers() + "', "
                + "'properties.isolation.level' = 'read_committed', 'scan.bounded.mode' = 'latest-offset', "
                + "'key.format' = 'json', 'value.format' = 'json')");
        Map<Long, Map<String, Object>> online = collect(streaming, query.streamingSql());

        assertThat(offline).hasSize(labels.size());
        assertThat(online.keySet()).isEqualTo(offline.keySet());
        long present = 0;
        for (Map.Entry<Long, Map<String, Object>> e : offline.entrySet()) {
            for (String column : query.outputColumns()) {
                assertThat(online.get(e.getKey()).get(column)).as("label " + e.getKey() + " " + column).isEqualTo(e.getValue().get(column));
            }
            if ("PRESENT".equals(e.getValue().get("origin__status"))) present++;
        }
        // most labels find a fresh origin row; the first hour of the slice and quiet airports do not
        assertThat(present).isGreaterThan(labels.size() / 2).isLessThan(labels.size());
    }

    static Map<Long, Map<String, Object>> collect(TableEnvironment tEnv, String sql) throws Exception {
        Map<Long, Map<String, Object>> out = new HashMap<>();
        var result = tEnv.executeSql(sql);
        List<String> names = result.getResolvedSchema().getColumnNames();
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                Map<String, Object> m = new HashMap<>();
                for (int i = 0; i < names.size(); i++) m.put(names.get(i), r.getField(i));
                assertThat(out.put((Long) m.get("id"), m)).as("one row per label").isNull();
            }
        }
        return out;
    }
}
