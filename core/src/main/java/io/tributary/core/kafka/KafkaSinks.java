package io.tributary.core.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import java.time.Duration;

/** Kafka sinks: exactly once, configured the way shared/notes/exactly-once.md found safe, or at least once. */
public final class KafkaSinks {
    /**
     * Below the broker's transaction.max.timeout.ms (15 min) yet above any restart we accept: a recovery slower than
     * this silently loses the pre-committed transaction.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(14);

    /** The producers' first retry backoff (Kafka's default is 100 ms); see {@link #exactlyOnce}. */
    public static final Duration TRANSACTION_START_BACKOFF = Duration.ofMillis(10);

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
        // A new transactional producer (job start, recovery, a checkpoint with no pooled producer free) looks up its
        // coordinator, then waits retry.backoff.ms before InitProducerId, on the task thread: 125 ms (p50 of 30 new
        // producers) at Kafka's default of 100 ms here, 32 ms at 10 ms. The wait still grows exponentially on errors.
        builder.setProperty("retry.backoff.ms", String.valueOf(TRANSACTION_START_BACKOFF.toMillis()));
        producerProperties.forEach(builder::setProperty);
        return builder
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .build();
    }

    /**
     * A sink without transactions: records are readable as soon as they are written, and a recovery may write some
     * twice (flushed at every checkpoint, so none is lost). For outputs whose readers tolerate duplicates.
     */
    public static <T> KafkaSink<T> atLeastOnce(String bootstrapServers, KafkaRecordSerializationSchema<T> schema,
                                               java.util.Map<String, String> producerProperties) {
        var builder = KafkaSink.<T>builder();
        producerProperties.forEach(builder::setProperty);
        return builder
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(schema)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
