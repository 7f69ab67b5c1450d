package io.tributary.inference.ab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.kafka.KafkaSinks;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.kafka.ValidatedEventSource;
import io.tributary.core.kafka.ValidatedRecordSource;
import io.tributary.core.kafka.RecordParser;
import io.tributary.core.event.EventParseException;
import io.tributary.core.event.PredictionJson;
import io.tributary.core.topic.TopicNames;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The A/B analysis of one model (the experiment is the model's traffic split): its serving predictions
 * ({@code predictions.<model>}, decision = true) joined in event time with the outcomes (an event topic whose payload
 * holds the label, e.g. {@code events.flights} with {@code late}), per tumbling event-time window, compared per
 * variant ({@link VariantComparison}) to {@code ab.results} (JSON, keyed by model), exactly once, and optionally to the
 * Iceberg table {@code ab.results}.
 */
public final class AbAnalysisJob {
    private final Builder b;

    private AbAnalysisJob(Builder b) { this.b = b; }

    public static Builder builder() { return new Builder(); }

    /** One serving prediction as read back from its topic. */
    public record ServedPrediction(String key, long eventTime, String variant, int version, double score) implements Serializable {}

    /** A serving prediction with its outcome, at the prediction's event time (the window it belongs to). */
    public record Joined(VariantComparison.Labelled labelled, long predictionTime) implements Serializable {}

    /** One result row: a variant in a window. */
    public record AbResult(String experiment, long windowStart, long windowEnd, VariantComparison.Result result) implements Serializable {}

    public SingleOutputStreamOperator<AbResult> attach(StreamExecutionEnvironment env) {
        String model = b.model;
        String stage = "ab-" + model;
        KafkaTopics.ensure(b.bootstrapServers, 1, TopicNames.AB_RESULTS, TopicNames.predictions(model), b.outcomesTopic);
        DataStream<ServedPrediction> predictions = ValidatedRecordSource.builder(new ServingPredictionParser(), TypeInformation.of(ServedPrediction.class))
                .bootstrapServers(b.bootstrapServers).topic(TopicNames.predictions(model)).groupId("tributary-" + stage + "-predictions")
                .stage(stage).startingOffsets(b.startingOffsets).bounded(b.bounded).build().attach(env)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<ServedPrediction>forBoundedOutOfOrderness(b.outOfOrderness)
                        .withTimestampAssigner((p, t) -> p.eventTime()).withIdleness(Duration.ofMinutes(1)))
                .name(stage + "-prediction-event-time").uid(stage + "-prediction-event-time");
        DataStream<EventEnvelope> outcomes = ValidatedEventSource.builder().bootstrapServers(b.bootstrapServers).topic(b.outcomesTopic)
                .groupId("tributary-" + stage + "-outcomes").stage(stage).startingOffsets(b.startingOffsets).bounded(b.bounded).build().attach(env)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<EventEnvelope>forBoundedOutOfOrderness(b.outOfOrderness)
                        .withTimestampAssigner((e, t) -> e.getEventTimeMillis()).withIdleness(Duration.ofMinutes(1)))
                .name(stage + "-outcome-time").uid(stage + "-outcome-time");
        String labelField = b.labelField;
        SingleOutputStreamOperator<AbResult> results = predictions.keyBy(ServedPrediction::key)
                .connect(outcomes.keyBy(EventEnvelope::getKey))
                .process(new OutcomeJoin(labelField, b.maxOutcomeLag.toMillis()))
                .returns(TypeInformation.of(Joined.class)).name(stage + "-join").uid(stage + "-join")
                // windows by the prediction's time: an outcome may come up to the lag later
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Joined>forBoundedOutOfOrderness(b.maxOutcomeLag.plus(b.outOfOrderness))
                        .withTimestampAssigner((j, t) -> j.predictionTime()))
                .name(stage + "-prediction-time").uid(stage + "-prediction-time")
                .keyBy(l -> model, TypeInformation.of(String.class))
                .window(TumblingEventTimeWindows.of(b.window))
                .process(new Compare(model, b.alpha)).returns(TypeInformation.of(AbResult.class)).name(stage + "-compare").uid(stage + "-compare");
        results.sinkTo(KafkaSinks.exactlyOnce(b.bootstrapServers, new ResultSerializer(), "tributary-" + stage + "-results"))
                .name(stage + "-results").uid(stage + "-results");
        if (b.warehouse != null) AbResultsTable.sink(results, b.warehouse, model);
        return results;
    }

    /** A serving prediction meets its outcome ({@link io.tributary.core.event.OutcomeJoin}), labelled for its variant. */
    static final class OutcomeJoin extends io.tributary.core.event.OutcomeJoin<ServedPrediction, Joined> {
        private static final long serialVersionUID = 1L;

        OutcomeJoin(String labelField, long maxLag) {
            super(ServedPrediction.class, labelField, maxLag);
        }

        @Override
        protected long predictionTime(ServedPrediction p) { return p.eventTime(); }

        @Override
        protected Joined joined(ServedPrediction p, boolean y) {
            return new Joined(new VariantComparison.Labelled(p.variant(), p.version(), p.score(), y), p.eventTime());
        }
    }

    static final class Compare extends ProcessWindowFunction<Joined, AbResult, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final String model;
        private final double alpha;

        Compare(String model, double alpha) {
            this.model = model;
            this.alpha = alpha;
        }

        @Override
        public void process(String key, Context ctx, Iterable<Joined> rows, Collector<AbResult> out) {
            List<VariantComparison.Labelled> list = new ArrayList<>();
            rows.forEach(j -> list.add(j.labelled()));
            for (VariantComparison.Result r : VariantComparison.compare(list, alpha)) {
                out.collect(new AbResult(model, ctx.window().getStart(), ctx.window().getEnd(), r));
            }
        }
    }

    /**
     * Serving predictions (decision = true) of {@code predictions.<model>}; shadow rows are skipped, malformed ones
     * dead-lettered. Predictions without a score (regression, multi-class) are skipped: the comparison is of a binary
     * classifier's scores.
     */
    static final class ServingPredictionParser implements RecordParser<ServedPrediction> {
        private static final long serialVersionUID = 1L;

        @Override
        public ServedPrediction parse(String topic, byte[] key, byte[] value) throws EventParseException {
            JsonNode n = PredictionJson.parse(value);
            if (!n.get("decision").asBoolean() || !PredictionJson.hasScore(n)) return null;
            return new ServedPrediction(n.get("key").asText(), n.get("event_time").asLong(), n.get("variant").asText(),
                    n.get("version").asInt(), n.get("score").asDouble());
        }
    }

    /** {@code ab.results}: keyed by experiment, the result row as flat JSON (README, Topics and schemas). */
    static final class ResultSerializer implements KafkaRecordSerializationSchema<AbResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public ProducerRecord<byte[], byte[]> serialize(AbResult a, KafkaSinkContext ctx, Long ts) {
            return new ProducerRecord<>(TopicNames.AB_RESULTS, null, a.windowEnd(), a.experiment().getBytes(StandardCharsets.UTF_8), toJson(a));
        }
    }

    private static final ObjectMapper RESULT_JSON = new ObjectMapper();

    public static byte[] toJson(AbResult a) {
        ObjectNode n = RESULT_JSON.createObjectNode();
        VariantComparison.Result r = a.result();
        n.put("experiment", a.experiment());
        n.put("window_start", a.windowStart());
        n.put("window_end", a.windowEnd());
        n.put("variant", r.variant());
        n.put("version", r.version());
        n.put("n", r.n());
        n.put("mean_outcome", r.meanOutcome());
        n.put("mean_outcome_ci_low", r.meanOutcomeLow());
        n.put("mean_outcome_ci_high", r.meanOutcomeHigh());
        n.put("accuracy", r.accuracy());
        n.put("accuracy_ci_low", r.accuracyLow());
        n.put("accuracy_ci_high", r.accuracyHigh());
        n.put("auc", r.auc());
        n.put("mean_brier", r.meanBrier());
        n.put("accuracy_diff_vs_champion", r.accuracyDiff());
        n.put("z_test_p", r.zPValue());
        n.put("welch_t", r.welchT());
        n.put("welch_p", r.welchPValue());
        n.put("significant", r.significant());
        // each test's own statistic and verdict: "significant" above is either test's
        n.put("z", r.z());
        n.put("alpha", r.alpha());
        n.put("accuracy_significant", r.accuracySignificant());
        n.put("brier_significant", r.brierSignificant());
        try {
            return RESULT_JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builder of {@link AbAnalysisJob}. */
    public static final class Builder {
        private String bootstrapServers;
        private String model;
        private String outcomesTopic;
        private String labelField = "label";
        private Duration window = Duration.ofDays(1);
        private Duration outOfOrderness = Duration.ofMinutes(5);
        private Duration maxOutcomeLag = Duration.ofDays(1);
        private double alpha = 0.05;
        private OffsetsInitializer startingOffsets = OffsetsInitializer.earliest();
        private boolean bounded;
        private String warehouse;

        public Builder bootstrapServers(String v) { this.bootstrapServers = v; return this; }
        /** The model whose traffic split is the experiment. */
        public Builder model(String v) { this.model = v; return this; }
        /** The event topic with the outcomes, keyed like the scored events. */
        public Builder outcomesTopic(String v) { this.outcomesTopic = v; return this; }
        /** The payload field with the outcome (boolean, or a number > 0 for positive). */
        public Builder labelField(String v) { this.labelField = v; return this; }
        /** The tumbling event-time window of each comparison (default 1 day). */
        public Builder window(Duration v) { this.window = v; return this; }
        public Builder outOfOrderness(Duration v) { this.outOfOrderness = v; return this; }
        /** How long a prediction waits for its outcome, in event time (default 1 day). */
        public Builder maxOutcomeLag(Duration v) { this.maxOutcomeLag = v; return this; }
        /** The significance level (default 0.05). */
        public Builder alpha(double v) { this.alpha = v; return this; }
        public Builder startingOffsets(OffsetsInitializer v) { this.startingOffsets = v; return this; }
        /** Also append the results to the Iceberg table {@code ab.results} of this warehouse. */
        public Builder warehouse(String v) { this.warehouse = v; return this; }
        /** Analyse what the topics hold when the job starts, then stop (reports, tests). */
        public Builder bounded(boolean v) { this.bounded = v; return this; }

        public AbAnalysisJob build() {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(outcomesTopic, "outcomesTopic");
            return new AbAnalysisJob(this);
        }
    }
}
