package io.tributary.core.kafka;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSinksTest {
    private static final KafkaRecordSerializationSchema<String> SCHEMA =
            (s, ctx, ts) -> new ProducerRecord<>("t", s.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Test
    void exactlyOnceSinksStartTransactionsWithoutKafkasDefaultBackoff() throws Exception {
        Properties p = producerConfig(KafkaSinks.exactlyOnce("127.0.0.1:1", SCHEMA, "prefix"));
        assertThat(p.getProperty("retry.backoff.ms")).isEqualTo("10");
        assertThat(p.getProperty("transaction.timeout.ms")).isEqualTo(String.valueOf(KafkaSinks.TRANSACTION_TIMEOUT.toMillis()));
    }

    @Test
    void aCallersProducerPropertiesWin() throws Exception {
        Properties p = producerConfig(KafkaSinks.exactlyOnce("127.0.0.1:1", SCHEMA, "prefix",
                Map.of("retry.backoff.ms", "100", "linger.ms", "1")));
        assertThat(p.getProperty("retry.backoff.ms")).isEqualTo("100");
        assertThat(p.getProperty("linger.ms")).isEqualTo("1");
    }

    @Test
    void atLeastOnceSinksHaveNoTransactions() throws Exception {
        Properties p = producerConfig(KafkaSinks.atLeastOnce("127.0.0.1:1", SCHEMA, Map.of("linger.ms", "1")));
        assertThat(p.getProperty("transactional.id")).isNull();
        assertThat(p.getProperty("linger.ms")).isEqualTo("1");
    }

    /** The sink's effective producer properties (the connector keeps them private). */
    private static Properties producerConfig(KafkaSink<?> sink) throws Exception {
        var field = KafkaSink.class.getDeclaredField("kafkaProducerConfig");
        field.setAccessible(true);
        return (Properties) field.get(sink);
    }
}
