package io.tributary.core.kafka;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.event.EventTimeBounds;
import io.tributary.core.event.PayloadSchema;
import io.tributary.core.event.ParsedRecord;
import io.tributary.core.topic.TopicNames;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.Objects;

/**
 * A Kafka source of {@link EventEnvelope}s whose malformed records go to the dead-letter topic (exactly once, with
 * the reason and their coordinates) instead of failing the job or vanishing. Every stage reads events through it.
 *
 * <pre>{@code
 * DataStream<EventEnvelope> events = ValidatedEventSource.builder()
 *     .bootstrapServers("127.0.0.1:9092").topic("events.flights").groupId("features").stage("features")
 *     .build().attach(env);
 * }</pre>
 */
public final class ValidatedEventSource {
    private final String bootstrapServers;
    private final String topic;
    private final String groupId;
    private final String stage;
    private final String deadLetterTopic;
    private final int maxBytes;
    private final OffsetsInitializer startingOffsets;
    private final boolean bounded;
    private final EventTimeBounds timeBounds;
    private final PayloadSchema payloadSchema;

    private ValidatedEventSource(Builder b) {
        this.bootstrapServers = Objects.requireNonNull(b.bootstrapServers, "bootstrapServers");
        this.topic = TopicNames.validate(b.topic);
        this.groupId = Objects.requireNonNull(b.groupId, "groupId");
        this.stage = Objects.requireNonNull(b.stage, "stage");
        this.deadLetterTopic = TopicNames.validate(b.deadLetterTopic);
        this.maxBytes = b.maxBytes;
        this.startingOffsets = b.startingOffsets;
        this.bounded = b.bounded;
        this.timeBounds = b.timeBounds;
        this.payloadSchema = b.payloadSchema;
    }

    public static Builder builder() { return new Builder(); }

    /** Adds the source, the dead-letter split and the dead-letter sink to {@code env}; returns the good events. */
    public SingleOutputStreamOperator<EventEnvelope> attach(StreamExecutionEnvironment env) {
        KafkaSourceBuilder<ParsedRecord> source = KafkaSource.<ParsedRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(startingOffsets)
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new EnvelopeDeserializationSchema(new EventSerde(maxBytes, timeBounds, payloadSchema), stage));
        if (bounded) source.setBounded(OffsetsInitializer.latest());
        SingleOutputStreamOperator<EventEnvelope> events = env
                .fromSource(source.build(), WatermarkStrategy.noWatermarks(), stage + "-source-" + topic)
                .uid(stage + "-source-" + topic)
                .process(new DeadLetterRouter())
                .name(stage + "-dead-letter-router")
                .uid(stage + "-dead-letter-router");
        events.getSideOutput(DeadLetterRouter.DEAD_LETTERS)
                .sinkTo(KafkaSinks.exactlyOnce(bootstrapServers, new DeadLetterSerializationSchema(deadLetterTopic),
                        stage + "-deadletter-" + topic))
                .name(stage + "-dead-letter-sink")
                .uid(stage + "-dead-letter-sink");
        return events;
    }

    /** Builder of {@link ValidatedEventSource}. */
    public static final class Builder {
        private String bootstrapServers;
        private String topic;
        private String groupId;
        private String stage;
        private String deadLetterTopic = TopicNames.DEAD_LETTERS;
        private int maxBytes = EventSerde.DEFAULT_MAX_BYTES;
        private OffsetsInitializer startingOffsets = OffsetsInitializer.committedOffsets(
                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
        private boolean bounded;
        private EventTimeBounds timeBounds = EventTimeBounds.DEFAULT;
        private PayloadSchema payloadSchema;

        public Builder bootstrapServers(String v) { this.bootstrapServers = v; return this; }
        public Builder topic(String v) { this.topic = v; return this; }
        public Builder groupId(String v) { this.groupId = v; return this; }
        /** Names the reading stage in operator names, transactional ids and dead letters. */
        public Builder stage(String v) { this.stage = v; return this; }
        public Builder deadLetterTopic(String v) { this.deadLetterTopic = v; return this; }
        /** Records larger than this are dead-lettered. */
        public Builder maxBytes(int v) { this.maxBytes = v; return this; }
        public Builder startingOffsets(OffsetsInitializer v) { this.startingOffsets = v; return this; }
        /** Stop at the offsets that are latest when the job starts (backfill, tests). */
        public Builder bounded(boolean v) { this.bounded = v; return this; }
        /** Event times outside these bounds are dead-lettered (default: 1970 to ten minutes ahead of the clock). */
        public Builder eventTimeBounds(EventTimeBounds v) { this.timeBounds = java.util.Objects.requireNonNull(v); return this; }
        /** Payloads that break this schema are dead-lettered (default: none declared, any payload object). */
        public Builder payloadSchema(PayloadSchema v) { this.payloadSchema = v; return this; }
        public ValidatedEventSource build() { return new ValidatedEventSource(this); }
    }
}
