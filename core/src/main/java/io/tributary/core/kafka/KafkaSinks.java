package io.tributary.core.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import java.time.Duration;

/** Exactly-once Kafka sinks, configured the way shared/notes/exactly-once.md found safe. */
public final class KafkaSinks {
    /**
     * Below the broker's transaction.max.timeout.ms (15 min) yet above any restart we accept: a recovery slower than
     * this silently loses the pre-committed transaction.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(14);

    private KafkaSinks() {}

    /** A transactional sink; {@code transactionalIdPrefix} must be unique per sink across the cluster. */
    public static <T> KafkaSink<T> exactlyOnce(String bootstrapServers, KafkaRecordSerializationSchema<T> schema,
                                               String transactionalIdPrefix) {
        return exactlyOnce(bootstrapServers, schema, transactionalIdPrefix, java.util.Map.of());
    }

    /** As above, with producer properties (e.g. {@code linger.ms} for a latency-sensitive topic). */
    public static <T> KafkaSink<T> exactlyOnce(String bootstrapServers, KafkaRecordSerializationSchema<T> schema,
                                               String transactionalIdPrefix, java.util.Map<String, String> producerProperties) {
        var builder = KafkaSink.<T>builder();
        producerProperties.forEach(builder::setProperty);
        return builder
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .build();
    }
}
