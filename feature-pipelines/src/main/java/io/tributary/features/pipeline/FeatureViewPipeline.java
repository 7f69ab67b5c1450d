package io.tributary.features.pipeline;

import io.tributary.core.kafka.DeadLetterRouter;
import io.tributary.core.kafka.EnvelopeSinkGuard;
import io.tributary.core.kafka.SerializedRecord;
import io.tributary.core.kafka.SinkLimits;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.kafka.DeadLetterSerializationSchema;
import io.tributary.core.kafka.KafkaSinks;
import io.tributary.core.kafka.ValidatedEventSource;
import io.tributary.core.topic.TopicNames;
import io.tributary.features.sink.IcebergFeatureTable;
import io.tributary.features.sink.RedisFeatureSink;
import io.tributary.features.view.FeatureView;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.OutputTag;

import java.time.Duration;

/**
 * The streaming job of a feature view, in three steps that tests and jobs compose the same way:
 * {@link #source} (events from Kafka, malformed ones dead-lettered), {@link #aggregate} (validation, event-time
 * watermarks, windows with allowed lateness, late events aside), {@link #sinks} (one row stream to Redis and Iceberg,
 * late events and invalid inputs to Kafka).
 */
public final class FeatureViewPipeline {
    /** A source subtask without events for this long stops holding back event time. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final OutputTag<EventEnvelope> LATE = new OutputTag<>("late-events") {};

    private FeatureViewPipeline() {}

    /** The streams {@link #aggregate} produces. */
    public record Streams(DataStream<RowData> rows, DataStream<EventEnvelope> late, DataStream<DeadLetter> invalid) {}

    /** Where the rows go. */
    public record SinkTargets(String kafkaBootstrap, String redisUri, String redisNamespace, String icebergWarehouse) {}

    /**
     * The view's events from Kafka, resuming from the group's committed offsets (from the earliest on a first run).
     * {@code bounded} stops at the offsets that are latest at start: a backfill of history.
     */
    public static SingleOutputStreamOperator<EventEnvelope> source(StreamExecutionEnvironment env, FeatureView view,
                                                                  String bootstrap, boolean bounded) {
        return source(env, view, bootstrap, bounded, "tributary-features-" + view.name(),
                OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST));
    }

    public static SingleOutputStreamOperator<EventEnvelope> source(StreamExecutionEnvironment env, FeatureView view,
                                                                  String bootstrap, boolean bounded, String groupId,
                                                                  OffsetsInitializer startingOffsets) {
        return ValidatedEventSource.builder()
                .bootstrapServers(bootstrap).topic(view.sourceTopic()).groupId(groupId)
                .stage("features-" + view.name()).bounded(bounded).startingOffsets(startingOffsets)
                .build().attach(env);
    }

    public static Streams aggregate(DataStream<EventEnvelope> events, FeatureView view) {
        SingleOutputStreamOperator<EventEnvelope> valid = events
                .process(new FeatureInputValidator(view)).name("validate-" + view.name()).uid("validate-" + view.name());
        SingleOutputStreamOperator<RowData> rows = valid
                .transform("watermarks-" + view.name(), valid.getType(),
                        new CheckpointedWatermarks(view.maxOutOfOrderness(), IDLE_TIMEOUT))
                .uid("watermarks-" + view.name())
                .keyBy(new EntityKeySelector(view))
                .window(view.window().assigner())
                .allowedLateness(view.allowedLateness())
                .sideOutputLateData(LATE)
                .aggregate(new ViewAggregateFunction(view), new FeatureRowEmitter(view),
                        TypeInformation.of(Object[].class), TypeInformation.of(Object[].class),
                        InternalTypeInfo.of(FeatureRows.rowType(view)))
                .name("window-" + view.name()).uid("window-" + view.name());
        DataStream<EventEnvelope> late = rows.getSideOutput(LATE)
                .map(new LateEventCounter()).name("late-count-" + view.name()).uid("late-count-" + view.name());
        return new Streams(rows, late, valid.getSideOutput(FeatureInputValidator.INVALID));
    }

    /**
     * One row stream, two stores (and the changelog topic {@code features.<view>}, from which streaming training
     * sets read); late events and invalid inputs to Kafka. All exactly once on checkpoints. Registers the view's
     * current version in the feature registry.
     */
    public static void sinks(Streams s, FeatureView view, SinkTargets t) {
        new io.tributary.core.features.FeatureRegistry(t.kafkaBootstrap()).register(view.info());
        s.rows().sinkTo(RedisFeatureSink.forView(view, t.redisUri(), t.redisNamespace()))
                .name("redis-" + view.name()).uid("redis-" + view.name());
        IcebergFeatureTable.sink(s.rows(), view, t.icebergWarehouse());
        s.rows().sinkTo(KafkaSinks.exactlyOnce(t.kafkaBootstrap(), new io.tributary.features.sink.FeatureChangelogSerializationSchema(
                        view, TopicNames.features(view.name())), "tributary-changelog-" + view.name()))
                .name("changelog-" + view.name()).uid("changelog-" + view.name());
        // a late event goes back to Kafka as it came, unless the broker would refuse its record: then it is a dead letter
        SingleOutputStreamOperator<SerializedRecord> late = s.late()
                .process(new EnvelopeSinkGuard(new EventSerde(), SinkLimits.DEFAULT, view.info().sourceTopic(), "late-sink-" + view.name()))
                .name("late-guard-" + view.name()).uid("late-guard-" + view.name());
        late.sinkTo(KafkaSinks.exactlyOnce(t.kafkaBootstrap(), new SerializedRecord.Schema(TopicNames.lateEvents(view.name())),
                        "tributary-late-" + view.name()))
                .name("late-sink-" + view.name()).uid("late-sink-" + view.name());
        s.invalid().union(late.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).sinkTo(KafkaSinks.exactlyOnce(t.kafkaBootstrap(),
                        new DeadLetterSerializationSchema(TopicNames.DEAD_LETTERS), "tributary-invalid-" + view.name()))
                .name("invalid-sink-" + view.name()).uid("invalid-sink-" + view.name());
    }

    /**
     * A backfill: the view's computation over a bounded history (events from a file, a table, a collection), in the
     * environment's runtime mode. In BATCH mode Flink sorts each key's events by time and fires every window once at
     * the end, so on history in event-time order (no late events) the rows equal those of the streaming run, row for
     * row; events a streaming run would have judged late are counted instead.
     */
    public static void backfill(StreamExecutionEnvironment env, FeatureView view, DataStream<EventEnvelope> history,
                                SinkTargets targets) {
        sinks(aggregate(history, view), view, targets);
    }

    /** Counts events that arrived after the allowed lateness ({@code lateEvents} metric). */
    static final class LateEventCounter extends RichMapFunction<EventEnvelope, EventEnvelope> {
        private static final long serialVersionUID = 1L;
        private transient Counter late;

        @Override
        public void open(OpenContext ctx) { late = getRuntimeContext().getMetricGroup().counter("lateEvents"); }

        @Override
        public EventEnvelope map(EventEnvelope e) {
            late.inc();
            return e;
        }
    }

    /** Keys events by their entity string. */
    static final class EntityKeySelector implements org.apache.flink.api.java.functions.KeySelector<EventEnvelope, String> {
        private static final long serialVersionUID = 1L;
        private final FeatureView view;

        EntityKeySelector(FeatureView view) { this.view = view; }

        @Override
        public String getKey(EventEnvelope e) { return EntityKey.of(view, e); }
    }
}
