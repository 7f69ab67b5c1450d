package io.tributary.core.kafka;

import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.EventParseException;
import io.tributary.core.event.EventSerde;
import io.tributary.core.event.ParsedRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@link io.tributary.core.event.EventEnvelope}s from Kafka and never throws: a record that does not parse
 * becomes a {@link DeadLetter} carrying its raw bytes, the reason and its topic/partition/offset. Route the output
 * through {@link DeadLetterRouter}.
 */
public final class EnvelopeDeserializationSchema implements KafkaRecordDeserializationSchema<ParsedRecord> {
    private static final long serialVersionUID = 1L;

    /** Dead letters keep at most this much of a value; the rest is identified by size, SHA-256 and offset. */
    public static final int DEAD_LETTER_MAX_VALUE_BYTES = 256 * 1024;

    private final EventSerde serde;
    private final String stage;

    public EnvelopeDeserializationSchema(EventSerde serde, String stage) {
        this.serde = serde;
        this.stage = stage;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
        ParsedRecord parsed;
        try {
            parsed = ParsedRecord.event(serde.parse(record.value(), record.topic()));
        } catch (EventParseException e) {
            parsed = deadLetter(record, e.getMessage());
        } catch (RuntimeException e) {
            // anything unforeseen in parsing is still the record's fault, never the job's
            parsed = deadLetter(record, "unparseable record: " + e);
        }
        // outside the try: a failure downstream of the source must fail the job, not dead-letter this record
        out.collect(parsed);
    }

    private ParsedRecord deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        return ParsedRecord.deadLetter(DeadLetter.of(record.topic(), record.partition(), record.offset(),
                record.timestamp(), stage, reason, record.key(), record.value(),
                DEAD_LETTER_MAX_VALUE_BYTES, System.currentTimeMillis()));
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return TypeInformation.of(ParsedRecord.class);
    }
}
