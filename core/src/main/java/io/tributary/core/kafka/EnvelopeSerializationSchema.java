package io.tributary.core.kafka;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Writes events as envelope JSON, keyed by entity key and stamped with their event time. */
public final class EnvelopeSerializationSchema implements KafkaRecordSerializationSchema<EventEnvelope> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final EventSerde serde;

    public EnvelopeSerializationSchema(String topic, EventSerde serde) {
        this.topic = topic;
        this.serde = serde;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EventEnvelope e, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, e.getEventTimeMillis(), e.getKey().getBytes(StandardCharsets.UTF_8),
                serde.serialize(e));
    }
}
