package io.tributary.inference.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.topic.TopicNames;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** The scoring job's Kafka records (README, Topics and schemas). */
public final class ScoringSerializers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScoringSerializers() {}

    /**
     * {@code predictions.<model>}: keyed by the event key, stamped with the event time, valued by
     * {"key", "event_time" (epoch ms), "model", "version", "variant", "decision", "score", "statuses", "inputs",
     * "latency_ms", "outputs"}. {@code score} is absent for a model without one (not a binary classifier);
     * {@code outputs} holds each output by name: a number when it has one value per row, else an array (NaN as null).
     */
    public static final class Predictions implements KafkaRecordSerializationSchema<Prediction> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        public Predictions(String topic) { this.topic = topic; }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(Prediction p, KafkaSinkContext ctx, Long ts) {
            return new ProducerRecord<>(topic, null, p.eventTime(), bytes(p.key()), toJson(p));
        }
    }

    /** {@code models.alerts}: keyed by model. */
    public static final class Alerts implements KafkaRecordSerializationSchema<ServingAlert> {
        private static final long serialVersionUID = 1L;

        @Override
        public ProducerRecord<byte[], byte[]> serialize(ServingAlert a, KafkaSinkContext ctx, Long ts) {
            try {
                return new ProducerRecord<>(TopicNames.SERVING_ALERTS, null, a.at(), bytes(a.model()), JSON.writeValueAsBytes(a));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code models.registry}: the registry's own record format, keyed for compaction. */
    public static final class RegistryEvents implements KafkaRecordSerializationSchema<ModelEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public ProducerRecord<byte[], byte[]> serialize(ModelEvent e, KafkaSinkContext ctx, Long ts) {
            return new ProducerRecord<>(TopicNames.MODEL_REGISTRY, bytes(e.key()), e.toJson());
        }
    }

    public static byte[] toJson(Prediction p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("key", p.key());
        n.put("event_time", p.eventTime());
        n.put("model", p.model());
        n.put("version", p.version());
        n.put("variant", p.variant());
        n.put("decision", p.decision());
        if (p.score() != null) n.put("score", p.score());
        ObjectNode s = n.putObject("statuses");
        p.statuses().forEach(s::put);
        ObjectNode in = n.putObject("inputs");
        p.inputs().forEach((k, v) -> { if (v == null || !Double.isFinite(v)) in.putNull(k); else in.put(k, v); });
        n.put("latency_ms", p.latencyMs());
        if (!p.outputs().isEmpty()) {
            ObjectNode out = n.putObject("outputs");
            p.outputs().forEach((name, v) -> {
                if (v.length == 1) putNumber(out, name, v[0]);
                else {
                    var a = out.putArray(name);
                    for (double x : v) if (Double.isFinite(x)) a.add(x); else a.addNull();
                }
            });
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) n.put(field, v);
        else n.putNull(field);
    }

    private static byte[] bytes(String s) { return s == null ? null : s.getBytes(StandardCharsets.UTF_8); }
}
