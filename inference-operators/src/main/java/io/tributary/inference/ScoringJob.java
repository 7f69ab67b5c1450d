package io.tributary.inference;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.kafka.KafkaSinks;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.kafka.ValidatedEventSource;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.topic.TopicNames;
import io.tributary.inference.input.InputFeature;
import io.tributary.inference.input.OnlineFeatureLookup;
import io.tributary.inference.input.ScoringRequest;
import io.tributary.inference.score.Prediction;
import io.tributary.inference.score.ScoringConfig;
import io.tributary.inference.score.ScoringOperator;
import io.tributary.inference.score.ScoringSerializers;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The scoring job of one model: events ({@code events.<source>}) → inputs assembled from the event and the online
 * store (async I/O) → ONNX Runtime in the operator, following the registry → {@code predictions.<model>}, exactly
 * once; refusals and rollbacks to {@code models.alerts}. Build with {@link #builder()}, then {@link #attach}.
 */
public final class ScoringJob {
    private final Builder b;

    private ScoringJob(Builder b) {
        this.b = b;
    }

    public static Builder builder() { return new Builder(); }

    /** Adds the job, with its events source ({@code eventsTopic}, validated), to {@code env}; returns the predictions. */
    public SingleOutputStreamOperator<Prediction> attach(StreamExecutionEnvironment env) {
        String stage = "scoring-" + b.config.model();
        Objects.requireNonNull(b.eventsTopic, "eventsTopic");
        KafkaTopics.ensure(b.bootstrapServers, 1, b.eventsTopic); // a job may start before its first event
        new io.tributary.core.kafka.CompactedTopic(b.bootstrapServers, TopicNames.MODEL_REGISTRY).ensure(); // ... or model
        DataStream<EventEnvelope> events = ValidatedEventSource.builder().bootstrapServers(b.bootstrapServers).topic(b.eventsTopic)
                .groupId("tributary-" + stage).stage(stage).startingOffsets(b.startingOffsets).bounded(b.bounded).build().attach(env);
        return attach(env, events);
    }

    /** Scores {@code events} that the caller already has (another pipeline's stream); returns the predictions. */
    public SingleOutputStreamOperator<Prediction> attach(StreamExecutionEnvironment env, DataStream<EventEnvelope> events) {
        String model = b.config.model();
        String stage = "scoring-" + model;
        KafkaTopics.ensure(b.bootstrapServers, 1, TopicNames.predictions(model), TopicNames.SERVING_ALERTS, TopicNames.DEAD_LETTERS);
        DataStream<ScoringRequest> requests = AsyncDataStream.orderedWait(events,
                        new OnlineFeatureLookup(b.redisUri, b.namespace, b.config.inputs(), b.views),
                        b.lookupTimeout.toMillis(), TimeUnit.MILLISECONDS, b.lookupCapacity)
                .name(stage + "-inputs").uid(stage + "-inputs");
        var registrySourceBuilder = KafkaSource.<ModelEvent>builder().setBootstrapServers(b.bootstrapServers)
                .setTopics(TopicNames.MODEL_REGISTRY).setGroupId("tributary-" + stage + "-registry")
                .setStartingOffsets(OffsetsInitializer.earliest()).setProperty("isolation.level", "read_committed")
                .setDeserializer(org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema
                        .valueOnly(new RegistryEventSchema()));
        if (b.bounded) registrySourceBuilder.setBounded(OffsetsInitializer.latest()); // the registry as of the start
        KafkaSource<ModelEvent> registrySource = registrySourceBuilder.build();
        DataStream<ModelEvent> registry = env.fromSource(registrySource, WatermarkStrategy.noWatermarks(), stage + "-registry")
                .uid(stage + "-registry").setParallelism(1);
        SingleOutputStreamOperator<Prediction> predictions = requests.connect(registry.broadcast())
                .transform(stage + "-onnx", TypeInformation.of(Prediction.class), new ScoringOperator(b.config))
                .uid(stage + "-onnx");
        Map<String, String> predictionsProducer = new java.util.HashMap<>(Map.of("linger.ms", String.valueOf(b.lingerMs)));
        predictionsProducer.putAll(b.producerProperties);
        predictions.sinkTo(sink(new ScoringSerializers.Predictions(TopicNames.predictions(model)), "tributary-" + stage + "-predictions",
                predictionsProducer)).name(stage + "-predictions").uid(stage + "-predictions");
        predictions.getSideOutput(ScoringOperator.ALERTS)
                .sinkTo(sink(new ScoringSerializers.Alerts(), "tributary-" + stage + "-alerts", b.producerProperties))
                .name(stage + "-alerts").uid(stage + "-alerts");
        predictions.getSideOutput(ScoringOperator.DEAD_LETTERS)
                .sinkTo(sink(new io.tributary.core.kafka.DeadLetterSerializationSchema(TopicNames.DEAD_LETTERS),
                        "tributary-" + stage + "-unscored", b.producerProperties))
                .name(stage + "-unscored").uid(stage + "-unscored");
        predictions.getSideOutput(ScoringOperator.REGISTRY_COMMANDS)
                .sinkTo(sink(new ScoringSerializers.RegistryEvents(), "tributary-" + stage + "-registry", b.producerProperties))
                .name(stage + "-registry-commands").uid(stage + "-registry-commands");
        return predictions;
    }

    private <T> org.apache.flink.connector.kafka.sink.KafkaSink<T> sink(
            org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> schema, String transactionalIdPrefix,
            Map<String, String> producerProperties) {
        return b.exactlyOnce ? KafkaSinks.exactlyOnce(b.bootstrapServers, schema, transactionalIdPrefix, producerProperties)
                : KafkaSinks.atLeastOnce(b.bootstrapServers, schema, producerProperties);
    }

    /** Registry records; one that does not parse is skipped (the registry writes its own topic, so it is a bug). */
    static final class RegistryEventSchema implements DeserializationSchema<ModelEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public ModelEvent deserialize(byte[] message) throws IOException {
            throw new UnsupportedOperationException("uses the collector variant");
        }

        @Override
        public void deserialize(byte[] message, Collector<ModelEvent> out) {
            if (message == null) return; // a tombstone
            try {
                out.collect(ModelEvent.fromJson(message));
            } catch (IllegalStateException unreadable) {
                org.slf4j.LoggerFactory.getLogger(ScoringJob.class).warn("skipping an unreadable registry record", unreadable);
            }
        }

        @Override
        public boolean isEndOfStream(ModelEvent next) { return false; }

        @Override
        public TypeInformation<ModelEvent> getProducedType() { return TypeInformation.of(ModelEvent.class); }
    }

    /** Builder of {@link ScoringJob}. */
    public static final class Builder {
        private String bootstrapServers;
        private String redisUri;
        private String namespace = io.tributary.core.features.OnlineStoreLayout.DEFAULT_NAMESPACE;
        private String eventsTopic;
        private ScoringConfig config;
        private Map<String, FeatureViewInfo> views = Map.of();
        private Duration lookupTimeout = Duration.ofMillis(200);
        private int lookupCapacity = 200;
        private OffsetsInitializer startingOffsets = OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
        private boolean bounded;
        private long lingerMs = 1;
        private boolean exactlyOnce = true;
        private Map<String, String> producerProperties = Map.of();

        public Builder bootstrapServers(String v) { this.bootstrapServers = v; return this; }
        public Builder redisUri(String v) { this.redisUri = v; return this; }
        public Builder namespace(String v) { this.namespace = v; return this; }
        public Builder eventsTopic(String v) { this.eventsTopic = v; return this; }
        /** The model, its inputs, batching, salt and canary guard. */
        public Builder config(ScoringConfig v) { this.config = v; return this; }
        /** The feature views the online inputs read (from the feature registry), by name. */
        public Builder views(Map<String, FeatureViewInfo> v) { this.views = Map.copyOf(v); return this; }
        /** How long an online lookup may take before the inputs' defaults are used (default 200 ms). */
        public Builder lookupTimeout(Duration v) { this.lookupTimeout = v; return this; }
        public Builder lookupCapacity(int v) { this.lookupCapacity = v; return this; }
        public Builder startingOffsets(OffsetsInitializer v) { this.startingOffsets = v; return this; }
        /** How long the predictions producer waits to batch records (default 1 ms: predictions are latency-sensitive). */
        public Builder lingerMs(long v) { this.lingerMs = v; return this; }
        /**
         * Exactly once (default): outputs are Kafka transactions committed at each checkpoint, so read_committed readers
         * see a prediction one checkpoint interval after it is made. {@code false}: at least once, visible at once, and
         * a recovery may write a prediction twice.
         */
        public Builder exactlyOnce(boolean v) { this.exactlyOnce = v; return this; }
        /** Kafka producer properties for the job's outputs, over Tributary's (e.g. {@code retry.backoff.ms}). */
        public Builder producerProperties(Map<String, String> v) { this.producerProperties = Map.copyOf(v); return this; }
        /** Stop at the events present when the job starts (benchmarks, tests). */
        public Builder bounded(boolean v) { this.bounded = v; return this; }

        public ScoringJob build() {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(config, "config");
            boolean online = config.inputs().stream().anyMatch(i -> i.kind() == InputFeature.Kind.ONLINE);
            if (online) Objects.requireNonNull(redisUri, "redisUri (the model has online inputs)");
            return new ScoringJob(this);
        }
    }
}
