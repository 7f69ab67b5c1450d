package io.tributary.drift.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.drift.WindowProfile;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.kafka.EnvelopeSerializationSchema;
import io.tributary.core.kafka.KafkaSinks;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.kafka.ValidatedEventSource;
import io.tributary.core.kafka.ValidatedRecordSource;
import io.tributary.core.topic.TopicNames;
import io.tributary.drift.detect.DriftDetector;
import io.tributary.drift.stats.DriftEvaluator;
import io.tributary.drift.stats.DriftThresholds;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.runtime.kryo.JavaSerializer;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The drift job of one model: its serving predictions ({@code predictions.<model>}: inputs and score) in event-time
 * windows, each tested against the training reference of the version that served it (PSI, KS and the normalized
 * Wasserstein distance per numeric input and the score, chi-square per categorical one); optionally the error stream
 * (predictions joined with outcomes) through a concept-drift detector. Window statistics to {@code drift.metrics} (and optionally the Iceberg table of that
 * name), deduplicated alerts to
 * {@code drift.alerts}, and for alerts of the configured severity a retrain request to {@code models.retrain}: the
 * training job retrains, the validation gate decides, the scoring job swaps. All exactly once.
 */
public final class DriftJob {
    private final Builder b;

    private DriftJob(Builder b) { this.b = b; }

    public static Builder builder() { return new Builder(); }

    public SingleOutputStreamOperator<DriftRecords.Alert> attach(StreamExecutionEnvironment env) {
        // profiles and detectors are plain Serializable classes (KLL sketches inside): Java serialization in state
        SerializerConfigImpl serializers = (SerializerConfigImpl) env.getConfig().getSerializerConfig();
        serializers.addDefaultKryoSerializer(WindowProfile.class, javaSerialization());
        serializers.addDefaultKryoSerializer(DriftDetector.class, javaSerialization());
        String model = b.model;
        String stage = "drift-" + model;
        KafkaTopics.ensure(b.bootstrapServers, 1, TopicNames.DRIFT_METRICS, TopicNames.DRIFT_ALERTS, TopicNames.RETRAIN_REQUESTS,
                TopicNames.predictions(model)); // a job may start before the first prediction
        if (b.outcomesTopic != null) KafkaTopics.ensure(b.bootstrapServers, 1, b.outcomesTopic);
        DataStream<DriftRecords.Served> served = ValidatedRecordSource.builder(new PredictionsSchema(), TypeInformation.of(DriftRecords.Served.class))
                .bootstrapServers(b.bootstrapServers).topic(TopicNames.predictions(model)).groupId("tributary-" + stage)
                .stage(stage).startingOffsets(b.startingOffsets).bounded(b.bounded).build().attach(env)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<DriftRecords.Served>forBoundedOutOfOrderness(b.outOfOrderness)
                        .withTimestampAssigner((s, t) -> s.eventTime()).withIdleness(Duration.ofMinutes(1)))
                .name(stage + "-prediction-event-time").uid(stage + "-prediction-event-time");
        WindowAssigner<Object, TimeWindow> windows = b.slide == null ? TumblingEventTimeWindows.of(b.window)
                : SlidingEventTimeWindows.of(b.window, b.slide);
        DataStream<DriftRecords.Metric> metrics = served.keyBy(s -> s.model() + "/" + s.version(), TypeInformation.of(String.class))
                .window(windows)
                .aggregate(new WindowEvaluation.Aggregate(), new WindowEvaluation.Evaluate(b.bootstrapServers, new DriftEvaluator(b.thresholds), b.ignored),
                        TypeInformation.of(WindowProfile.class), TypeInformation.of(WindowProfile.class), TypeInformation.of(DriftRecords.Metric.class))
                .name(stage + "-windows").uid(stage + "-windows");
        if (b.outcomesTopic != null) {
            DataStream<EventEnvelope> outcomes = ValidatedEventSource.builder().bootstrapServers(b.bootstrapServers).topic(b.outcomesTopic)
                    .groupId("tributary-" + stage + "-outcomes").stage(stage).startingOffsets(b.startingOffsets).bounded(b.bounded)
                    .build().attach(env)
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<EventEnvelope>forBoundedOutOfOrderness(b.outOfOrderness)
                            .withTimestampAssigner((e, t) -> e.getEventTimeMillis()).withIdleness(Duration.ofMinutes(1)))
                    .name(stage + "-outcome-time").uid(stage + "-outcome-time");
            // the error stream is a binary classifier's: predictions without a score have no 0/1 error
            DataStream<DriftRecords.Metric> detections = served.filter(s -> !Double.isNaN(s.score()))
                    .name(stage + "-scored").uid(stage + "-scored")
                    .keyBy(DriftRecords.Served::key)
                    .connect(outcomes.keyBy(EventEnvelope::getKey))
                    .process(new ErrorStreamMonitor.Join(b.labelField, b.maxOutcomeLag.toMillis()))
                    .returns(TypeInformation.of(ErrorStreamMonitor.Error.class)).name(stage + "-errors").uid(stage + "-errors")
                    .keyBy(ErrorStreamMonitor.Error::model)
                    .process(new ErrorStreamMonitor.Detect(b.detector, b.detectorParams))
                    .returns(TypeInformation.of(DriftRecords.Metric.class)).name(stage + "-detector").uid(stage + "-detector");
            metrics = metrics.union(detections);
        }
        metrics.sinkTo(KafkaSinks.exactlyOnce(b.bootstrapServers, new JsonRecords<DriftRecords.Metric>(TopicNames.DRIFT_METRICS, m -> m.model()),
                "tributary-" + stage + "-metrics")).name(stage + "-metrics").uid(stage + "-metrics");
        if (b.warehouse != null) DriftMetricsTable.sink(metrics, b.warehouse, model);
        SingleOutputStreamOperator<DriftRecords.Alert> alerts = metrics
                .keyBy(m -> m.model() + "/" + m.feature() + "/" + m.test(), TypeInformation.of(String.class))
                .process(new AlertDeduplicator(b.cooldown.toMillis())).returns(TypeInformation.of(DriftRecords.Alert.class))
                .name(stage + "-alerts").uid(stage + "-alerts");
        alerts.sinkTo(KafkaSinks.exactlyOnce(b.bootstrapServers, new JsonRecords<DriftRecords.Alert>(TopicNames.DRIFT_ALERTS, a -> a.model()),
                "tributary-" + stage + "-alerts")).name(stage + "-alert-sink").uid(stage + "-alert-sink");
        Set<String> retrainOn = switch (b.retrainSeverity) {
            case "warning" -> Set.of("warning", "critical");
            case "critical" -> Set.of("critical");
            default -> Set.of();
        };
        if (!retrainOn.isEmpty()) {
            alerts.filter(a -> a.state().equals("RAISED") && retrainOn.contains(a.severity()))
                    .keyBy(DriftRecords.Alert::model)
                    .process(new RetrainRequester(b.cooldown.toMillis())).returns(TypeInformation.of(EventEnvelope.class))
                    .name(stage + "-retrain").uid(stage + "-retrain")
                    .sinkTo(KafkaSinks.exactlyOnce(b.bootstrapServers, new EnvelopeSerializationSchema(TopicNames.RETRAIN_REQUESTS,
                            new EventSerde()), "tributary-" + stage + "-retrain")).name(stage + "-retrain-sink").uid(stage + "-retrain-sink");
        }
        return alerts;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<? extends com.esotericsoftware.kryo.Serializer<?>> javaSerialization() {
        return (Class) JavaSerializer.class;
    }

    /** Records as JSON (snake_case field names), keyed by model. */
    static final class JsonRecords<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
        private final String topic;
        private final org.apache.flink.api.java.functions.KeySelector<T, String> key;

        JsonRecords(String topic, org.apache.flink.api.java.functions.KeySelector<T, String> key) {
            this.topic = topic;
            this.key = key;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext ctx, Long ts) {
            try {
                return new ProducerRecord<>(topic, key.getKey(record).getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(record));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Builder of {@link DriftJob}. */
    public static final class Builder {
        private String bootstrapServers;
        private String model;
        private Duration window = Duration.ofHours(1);
        private Duration slide;
        private DriftThresholds thresholds = DriftThresholds.defaults();
        private Duration cooldown = Duration.ofHours(6);
        private String retrainSeverity = "critical";
        private Duration outOfOrderness = Duration.ofMinutes(5);
        private String outcomesTopic;
        private String labelField = "label";
        private Duration maxOutcomeLag = Duration.ofDays(1);
        private String detector = "ddm";
        private Map<String, String> detectorParams = Map.of();
        private OffsetsInitializer startingOffsets = OffsetsInitializer.earliest();
        private boolean bounded;
        private String warehouse;
        private Set<String> ignored = Set.of();

        public Builder bootstrapServers(String v) { this.bootstrapServers = v; return this; }
        public Builder model(String v) { this.model = v; return this; }
        /** The event-time window of each test (default 1 h); with {@link #slide}, sliding windows. */
        public Builder window(Duration v) { this.window = v; return this; }
        public Builder slide(Duration v) { this.slide = v; return this; }
        /** Limits per feature ({@link DriftThresholds#parse}). */
        public Builder thresholds(DriftThresholds v) { this.thresholds = v; return this; }
        /** A lasting drift raises again only after this much event time (default 6 h). */
        public Builder cooldown(Duration v) { this.cooldown = v; return this; }
        /** {@code critical} (default), {@code warning} (both), or {@code none}: which alerts request a retrain. */
        public Builder retrainSeverity(String v) {
            if (!List.of("critical", "warning", "none").contains(v)) {
                throw new IllegalArgumentException("retrain severity is critical, warning or none, not '" + v + "'");
            }
            this.retrainSeverity = v;
            return this;
        }
        public Builder outOfOrderness(Duration v) { this.outOfOrderness = v; return this; }
        /** Outcomes for the error stream (an event topic keyed like the scored events); none: no concept-drift detector. */
        public Builder outcomes(String topic, String labelField) { this.outcomesTopic = topic; this.labelField = labelField; return this; }
        public Builder maxOutcomeLag(Duration v) { this.maxOutcomeLag = v; return this; }
        /** The error-stream detector ({@code adwin, ddm, eddm, hddm_a, hddm_w, page_hinkley}) and its parameters. */
        public Builder detector(String name, Map<String, String> params) { this.detector = name; this.detectorParams = Map.copyOf(params); return this; }
        public Builder startingOffsets(OffsetsInitializer v) { this.startingOffsets = v; return this; }
        public Builder bounded(boolean v) { this.bounded = v; return this; }
        /**
         * Inputs not to test: calendar features (hour of day, day of week) differ between a window and the training
         * window by construction, not by drift.
         */
        public Builder ignore(Set<String> features) { this.ignored = Set.copyOf(features); return this; }
        /** Also append the window statistics to the Iceberg table {@code drift.metrics} of this warehouse. */
        public Builder warehouse(String v) { this.warehouse = v; return this; }

        public DriftJob build() {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(model, "model");
            io.tributary.drift.detect.DriftDetectors.create(detector, detectorParams); // names a bad detector now
            return new DriftJob(this);
        }
    }
}
