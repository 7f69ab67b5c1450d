package io.tributary.features.sql;

import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.DeadLetterJson;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** Decodes with Flink's JSON format; a record it cannot decode becomes a dead letter ({@link DeadLetteringJsonFormatFactory}). */
final class DeadLetteringDeserializationSchema implements DeserializationSchema<RowData> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_REASON_CHARS = 500;
    private static final int MAX_VALUE_BYTES = 256 * 1024;
    // one producer per cluster and process: a DeserializationSchema is never closed, so a producer per task would leak
    private static final Map<String, KafkaProducer<byte[], byte[]>> PRODUCERS = new ConcurrentHashMap<>();

    private final DeserializationSchema<RowData> json;
    private final String bootstrapServers;
    private final String sourceTopic;
    private final String deadLetterTopic;
    private final String stage;

    DeadLetteringDeserializationSchema(DeserializationSchema<RowData> json, String bootstrapServers, String sourceTopic,
                                       String deadLetterTopic, String stage) {
        this.json = json;
        this.bootstrapServers = bootstrapServers;
        this.sourceTopic = sourceTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.stage = stage;
    }

    @Override
    public void open(InitializationContext context) throws Exception { json.open(context); }

    @Override
    public RowData deserialize(byte[] message) {
        throw new UnsupportedOperationException("uses the collector variant");
    }

    @Override
    public void deserialize(byte[] message, Collector<RowData> out) {
        if (message == null) {
            deadLetter(null, "empty record: value is null (a tombstone is not a row)");
            return;
        }
        try {
            json.deserialize(message, out);
        } catch (Exception e) {
            deadLetter(message, reason(e));
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String text = root == e ? String.valueOf(e.getMessage()) : root.getClass().getSimpleName() + ": " + root.getMessage();
        String reason = "the row's JSON does not match the table's columns: " + text.replaceAll("\\s+", " ");
        return reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS - 3) + "..." : reason;
    }

    private void deadLetter(byte[] value, String reason) {
        long now = System.currentTimeMillis();
        DeadLetter d = DeadLetter.of(sourceTopic, -1, -1, now, stage, reason, null, value, MAX_VALUE_BYTES, now);
        try {
            // synchronous: the offset of this record may be checkpointed right after it returns
            producer().send(new ProducerRecord<>(deadLetterTopic, null, now, sourceTopic.getBytes(StandardCharsets.UTF_8),
                    DeadLetterJson.toJson(d))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not write a dead letter of " + sourceTopic + " to " + deadLetterTopic + ": " + e.getMessage(), e);
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return PRODUCERS.computeIfAbsent(bootstrapServers, servers -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-sql-dead-letters");
            return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        });
    }

    @Override public boolean isEndOfStream(RowData next) { return false; }

    @Override public TypeInformation<RowData> getProducedType() { return json.getProducedType(); }
}
