package io.tributary.core.kafka;

/**
 * A Kafka record already turned into bytes, checked against what the broker accepts ({@link SinkLimits}) before it
 * reaches a sink. A POJO, so Flink copies it without Kryo.
 */
public final class SerializedRecord {
    private byte[] key;
    private byte[] value;
    private long timestamp;

    /** For Flink's POJO serializer. */
    public SerializedRecord() {}

    public SerializedRecord(byte[] key, byte[] value, long timestamp) {
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
    }

    public byte[] getKey() { return key; }
    public void setKey(byte[] key) { this.key = key; }
    public byte[] getValue() { return value; }
    public void setValue(byte[] value) { this.value = value; }
    public long getTimestamp() { return timestamp; }
    public void setTimestamp(long timestamp) { this.timestamp = timestamp; }

    /** Writes {@link SerializedRecord}s to one topic as they are. */
    public static final class Schema implements org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<SerializedRecord> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        public Schema(String topic) { this.topic = topic; }

        @Override
        public org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> serialize(SerializedRecord r, KafkaSinkContext ctx, Long ts) {
            return new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, r.timestamp, r.key, r.value);
        }
    }
}
