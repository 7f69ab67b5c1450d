package io.tributary.core.kafka;

import io.tributary.core.event.EventParseException;

import java.io.Serializable;

/**
 * Turns one Kafka record into a value of a topic's contract. A record that breaks the contract throws
 * {@link EventParseException} with the reason (the record is dead-lettered); null skips a valid record the reader
 * does not want (e.g. a shadow prediction).
 */
@FunctionalInterface
public interface RecordParser<T> extends Serializable {
    T parse(String topic, byte[] key, byte[] value) throws EventParseException;
}
