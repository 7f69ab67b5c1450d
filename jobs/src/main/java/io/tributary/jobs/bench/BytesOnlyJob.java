package io.tributary.jobs.bench;

import io.tributary.core.kafka.KafkaSinks;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The floor under every Tributary job's throughput: a Flink job that only moves record values from one Kafka topic
 * to another, exactly once, with no parsing, no lookups and no model. A job's events/s divided by this job's, in the
 * same run, is the share of Flink's and Kafka's own cost it keeps.
 */
final class BytesOnlyJob {
    private BytesOnlyJob() {}

    /** Adds the job: {@code from} (bounded, from the earliest offset) to {@code to}, transactional ids {@code tag}-*. */
    static void attach(StreamExecutionEnvironment env, String bootstrapServers, String from, String to, String tag) {
        KafkaSource<byte[]> source = KafkaSource.<byte[]>builder().setBootstrapServers(bootstrapServers).setTopics(from)
                .setGroupId(tag).setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new Bytes()).setProperty("isolation.level", "read_committed").build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "bytes-only source")
                .sinkTo(KafkaSinks.exactlyOnce(bootstrapServers, KafkaRecordSerializationSchema.<byte[]>builder().setTopic(to)
                        .setValueSerializationSchema(new Bytes()).build(), tag));
    }

    /** Values as they are, both ways (a lambda would hide the type Flink's lineage asks for). */
    private static final class Bytes implements DeserializationSchema<byte[]>, SerializationSchema<byte[]> {
        @Override public byte[] deserialize(byte[] message) { return message; }

        @Override public byte[] serialize(byte[] element) { return element; }

        @Override public boolean isEndOfStream(byte[] next) { return false; }

        @Override public TypeInformation<byte[]> getProducedType() { return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO; }
    }
}
