package io.tributary.features.pipeline;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import io.tributary.testing.FlightsSlice;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backfill: the same view definition run in BATCH mode over the history (the committed slice of the real flights)
 * writes exactly the rows the streaming run over Kafka wrote, row for row, including the HLL and LAST values.
 */
class BackfillITCase {
    @RegisterExtension @org.junit.jupiter.api.Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(2) static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(3) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    static final FeatureView VIEW = FeatureView.builder("origin_1h")
            .source("events.flights").entityKeys("origin").window(WindowSpec.tumbling(Duration.ofHours(1)))
            .maxOutOfOrderness(Duration.ofMinutes(5))
            .feature("departures", Aggregation.COUNT, null, "")
            .feature("mean_delay", Aggregation.AVG, "delay", "")
            .feature("delay_std", Aggregation.STDDEV, "delay", "")
            .feature("late_rate", Aggregation.RATE, "late", "")
            .feature("destinations", Aggregation.DISTINCT_COUNT, "destination", "")
            .feature("last_destination", Aggregation.LAST, "destination", "")
            .build();

    @Test
    void batchBackfillOverHistoryEqualsTheStreamingRun() throws Exception {
        List<EventEnvelope> history = FlightsSlice.events();
        KAFKA.createTopics(1, "events.flights");
        EventSerde serde = new EventSerde();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (EventEnvelope e : history) {
            records.add(new ProducerRecord<>("events.flights", null, e.getEventTimeMillis(), e.getKey().getBytes(StandardCharsets.UTF_8), serde.serialize(e)));
        }
        KAFKA.produce("events.flights", records);

        String streamingWarehouse = Files.createTempDirectory("streaming").toUri().toString();
        StreamExecutionEnvironment streaming = StreamExecutionEnvironment.getExecutionEnvironment();
        streaming.setParallelism(1);
        streaming.enableCheckpointing(1000);
        FeatureViewPipeline.sinks(FeatureViewPipeline.aggregate(FeatureViewPipeline.source(streaming, VIEW,
                        KAFKA.bootstrapServers(), true, "streaming", OffsetsInitializer.earliest()), VIEW), VIEW,
                new FeatureViewPipeline.SinkTargets(KAFKA.bootstrapServers(), REDIS.uri(), "streaming", streamingWarehouse));
        streaming.execute("streaming");

        String backfillWarehouse = Files.createTempDirectory("backfill").toUri().toString();
        StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
        batch.setRuntimeMode(RuntimeExecutionMode.BATCH);
        batch.setParallelism(2);
        FeatureViewPipeline.backfill(batch, VIEW, batch.fromData(history, TypeInformation.of(EventEnvelope.class)),
                new FeatureViewPipeline.SinkTargets(KAFKA.bootstrapServers(), REDIS.uri(), "backfill", backfillWarehouse));
        batch.execute("backfill");

        List<Map<String, Object>> streamingRows = FeatureViewITCase.icebergRows(streamingWarehouse, VIEW);
        List<Map<String, Object>> backfillRows = FeatureViewITCase.icebergRows(backfillWarehouse, VIEW);
        assertThat(streamingRows).hasSizeGreaterThan(1000);
        assertThat(backfillRows).containsExactlyInAnyOrderElementsOf(streamingRows);
    }
}
