package io.tributary.core.kafka;

import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.DeadLetterJson;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Writes dead letters as JSON, keyed by their source topic. */
public final class DeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    public DeadLetterSerializationSchema(String topic) { this.topic = topic; }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter element, KafkaSinkContext context, Long timestamp) {
        byte[] key = element.getSourceTopic() == null ? null : element.getSourceTopic().getBytes(StandardCharsets.UTF_8);
        // stamped when detected: the source record's own timestamp may be one the broker refuses or deletes at once
        return new ProducerRecord<>(topic, null, element.getDetectedAt(), key, DeadLetterJson.toJson(element));
    }
}
