package io.tributary.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Base64;

/** The JSON layout of the dead-letter topic (see {@link DeadLetter}). */
public final class DeadLetterJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeadLetterJson() {}

    public static byte[] toJson(DeadLetter d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("source_topic", d.getSourceTopic());
        n.put("partition", d.getPartition());
        n.put("offset", d.getOffset());
        n.put("timestamp", d.getTimestamp());
        n.put("stage", d.getStage());
        n.put("error", d.getError());
        n.put("key_base64", d.getKey() == null ? null : Base64.getEncoder().encodeToString(d.getKey()));
        n.put("value_base64", d.getValue() == null ? null : Base64.getEncoder().encodeToString(d.getValue()));
        n.put("value_size", d.getValueSize());
        n.put("value_truncated", d.isValueTruncated());
        n.put("value_sha256", d.getValueSha256());
        n.put("detected_at", d.getDetectedAt());
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dead letter always serializes", e);
        }
    }

    public static DeadLetter fromJson(byte[] json) throws IOException {
        JsonNode n = MAPPER.readTree(json);
        DeadLetter d = new DeadLetter();
        d.setSourceTopic(n.path("source_topic").asText(null));
        d.setPartition(n.path("partition").asInt());
        d.setOffset(n.path("offset").asLong());
        d.setTimestamp(n.path("timestamp").asLong());
        d.setStage(n.path("stage").asText(null));
        d.setError(n.path("error").asText(null));
        d.setKey(n.path("key_base64").isTextual() ? Base64.getDecoder().decode(n.get("key_base64").asText()) : null);
        d.setValue(n.path("value_base64").isTextual() ? Base64.getDecoder().decode(n.get("value_base64").asText()) : null);
        d.setValueSize(n.path("value_size").asInt());
        d.setValueTruncated(n.path("value_truncated").asBoolean());
        d.setValueSha256(n.path("value_sha256").asText(null));
        d.setDetectedAt(n.path("detected_at").asLong());
        return d;
    }
}
