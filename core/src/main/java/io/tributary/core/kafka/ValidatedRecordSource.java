package io.tributary.core.kafka;

import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.EventParseException;
import io.tributary.core.topic.TopicNames;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Objects;

/**
 * A Kafka source of any topic contract ({@link RecordParser}) whose malformed records go to the dead-letter topic
 * with the reason, exactly once, instead of failing the job or being skipped: {@link ValidatedEventSource} for
 * records that are not event envelopes (predictions). Counted in {@code eventsIn} and {@code deadLetters}.
 */
public final class ValidatedRecordSource<T> {
    private final Builder<T> b;

    private ValidatedRecordSource(Builder<T> b) {
        Objects.requireNonNull(b.bootstrapServers, "bootstrapServers");
        TopicNames.validate(b.topic);
        Objects.requireNonNull(b.groupId, "groupId");
        Objects.requireNonNull(b.stage, "stage");
        Objects.requireNonNull(b.parser, "parser");
        Objects.requireNonNull(b.type, "type");
        this.b = b;
    }

    public static <T> Builder<T> builder(RecordParser<T> parser, TypeInformation<T> type) {
        Builder<T> b = new Builder<>();
        b.parser = parser;
        b.type = type;
        return b;
    }

    /** Adds the source, the split and the dead-letter sink to {@code env}; returns the good records (no watermarks yet). */
    public SingleOutputStreamOperator<T> attach(StreamExecutionEnvironment env) {
        EitherTypeInfo<DeadLetter, T> either = new EitherTypeInfo<>(TypeInformation.of(DeadLetter.class), b.type);
        var source = KafkaSource.<Either<DeadLetter, T>>builder()
                .setBootstrapServers(b.bootstrapServers).setTopics(b.topic).setGroupId(b.groupId)
                .setStartingOffsets(b.startingOffsets).setProperty("isolation.level", "read_committed")
                .setDeserializer(new Deserializer<>(b.parser, b.stage, either));
        if (b.bounded) source.setBounded(OffsetsInitializer.latest());
        SingleOutputStreamOperator<T> good = env
                .fromSource(source.build(), WatermarkStrategy.noWatermarks(), b.stage + "-source-" + b.topic)
                .uid(b.stage + "-source-" + b.topic)
                .process(new Split<T>(), b.type)
                .name(b.stage + "-dead-letter-router-" + b.topic)
                .uid(b.stage + "-dead-letter-router-" + b.topic);
        good.getSideOutput(DeadLetterRouter.DEAD_LETTERS)
                .sinkTo(KafkaSinks.exactlyOnce(b.bootstrapServers, new DeadLetterSerializationSchema(b.deadLetterTopic),
                        b.stage + "-deadletter-" + b.topic))
                .name(b.stage + "-dead-letter-sink-" + b.topic)
                .uid(b.stage + "-dead-letter-sink-" + b.topic);
        return good;
    }

    private static final class Deserializer<T> implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {
        private static final long serialVersionUID = 1L;
        private final RecordParser<T> parser;
        private final String stage;
        private final TypeInformation<Either<DeadLetter, T>> type;

        Deserializer(RecordParser<T> parser, String stage, TypeInformation<Either<DeadLetter, T>> type) {
            this.parser = parser;
            this.stage = stage;
            this.type = type;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
            Either<DeadLetter, T> parsed;
            try {
                T value = parser.parse(record.topic(), record.key(), record.value());
                if (value == null) return;
                parsed = Either.Right(value);
            } catch (EventParseException e) {
                parsed = Either.Left(deadLetter(record, e.getMessage()));
            } catch (RuntimeException e) {
                parsed = Either.Left(deadLetter(record, "unparseable record: " + e));
            }
            out.collect(parsed);
        }

        private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
            return DeadLetter.of(record.topic(), record.partition(), record.offset(), record.timestamp(), stage, reason,
                    record.key(), record.value(), EnvelopeDeserializationSchema.DEAD_LETTER_MAX_VALUE_BYTES, System.currentTimeMillis());
        }

        @Override
        public TypeInformation<Either<DeadLetter, T>> getProducedType() { return type; }
    }

    private static final class Split<T> extends ProcessFunction<Either<DeadLetter, T>, T> {
        private static final long serialVersionUID = 1L;
        private transient Counter deadLetters;
        private transient Counter eventsIn;

        @Override
        public void open(OpenContext openContext) {
            deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
            eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
        }

        @Override
        public void processElement(Either<DeadLetter, T> record, Context ctx, Collector<T> out) {
            if (record.isRight()) {
                eventsIn.inc();
                out.collect(record.right());
            } else {
                deadLetters.inc();
                ctx.output(DeadLetterRouter.DEAD_LETTERS, record.left());
            }
        }
    }

    /** Builder of {@link ValidatedRecordSource}. */
    public static final class Builder<T> {
        private String bootstrapServers;
        private String topic;
        private String groupId;
        private String stage;
        private String deadLetterTopic = TopicNames.DEAD_LETTERS;
        private OffsetsInitializer startingOffsets = OffsetsInitializer.committedOffsets(
                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
        private boolean bounded;
        private RecordParser<T> parser;
        private TypeInformation<T> type;

        public Builder<T> bootstrapServers(String v) { this.bootstrapServers = v; return this; }
        public Builder<T> topic(String v) { this.topic = v; return this; }
        public Builder<T> groupId(String v) { this.groupId = v; return this; }
        /** Names the reading stage in operator names, transactional ids and dead letters. */
        public Builder<T> stage(String v) { this.stage = v; return this; }
        public Builder<T> deadLetterTopic(String v) { this.deadLetterTopic = TopicNames.validate(v); return this; }
        public Builder<T> startingOffsets(OffsetsInitializer v) { this.startingOffsets = v; return this; }
        /** Stop at the offsets that are latest when the job starts (backfill, tests). */
        public Builder<T> bounded(boolean v) { this.bounded = v; return this; }
        public ValidatedRecordSource<T> build() { return new ValidatedRecordSource<>(this); }
    }
}
