package io.tributary.core.event;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON serde of {@link EventEnvelope}. Parsing is strict and every failure says what is wrong, so that the dead-letter
 * topic explains itself: size over the limit, bytes that are not UTF-8, truncated or invalid JSON, a missing or
 * mistyped required field.
 */
public final class EventSerde implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Kafka's default max.message.bytes. */
    public static final int DEFAULT_MAX_BYTES = 1_048_576;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final int maxBytes;
    private final EventTimeBounds timeBounds;
    private final PayloadSchema payloadSchema;

    public EventSerde() { this(DEFAULT_MAX_BYTES); }

    public EventSerde(int maxBytes) { this(maxBytes, EventTimeBounds.DEFAULT, null); }

    /** A serde whose {@link #parse} also refuses event times outside {@code timeBounds} and payloads that break {@code payloadSchema} (null: any payload). */
    public EventSerde(int maxBytes, EventTimeBounds timeBounds, PayloadSchema payloadSchema) {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        this.maxBytes = maxBytes;
        this.timeBounds = java.util.Objects.requireNonNull(timeBounds, "timeBounds");
        this.payloadSchema = payloadSchema;
    }

    public int maxBytes() { return maxBytes; }

    /** Parses one record value; {@code defaultSource} (usually the topic) is used when the event names none. */
    public EventEnvelope parse(byte[] value, String defaultSource) throws EventParseException {
        if (value == null) throw new EventParseException("empty record: value is null (a tombstone is not an event)");
        if (value.length > maxBytes) {
            throw new EventParseException("record of " + value.length + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        requireUtf8(value);
        JsonNode root;
        try {
            root = MAPPER.readTree(value);
        } catch (JsonEOFException e) {
            throw new EventParseException("truncated JSON: " + e.getOriginalMessage() + location(e), e);
        } catch (JsonParseException e) {
            throw new EventParseException("invalid JSON: " + e.getOriginalMessage() + location(e), e);
        } catch (JsonProcessingException e) {
            throw new EventParseException("invalid JSON: " + e.getOriginalMessage() + location(e), e);
        } catch (IOException e) {
            throw new EventParseException("unreadable record: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) throw new EventParseException("empty record: no JSON value");
        if (!root.isObject()) {
            throw new EventParseException("an event must be a JSON object, got " + describe(root.getNodeType()));
        }
        String key = requiredText(root, "key");
        long eventTime = eventTime(root);
        String timeViolation = timeBounds.violation(eventTime, System.currentTimeMillis());
        if (timeViolation != null) throw new EventParseException(timeViolation);
        JsonNode payloadNode = root.get("payload");
        if (payloadNode == null || payloadNode.isNull()) throw new EventParseException("missing required field 'payload'");
        if (!payloadNode.isObject()) {
            throw new EventParseException("field 'payload' must be a JSON object, got " + describe(payloadNode.getNodeType()));
        }
        if (payloadSchema != null) {
            String schemaViolation = payloadSchema.violation(payloadNode);
            if (schemaViolation != null) throw new EventParseException(schemaViolation);
        }
        JsonNode sourceNode = root.get("source");
        String source = defaultSource;
        if (sourceNode != null && !sourceNode.isNull()) {
            if (!sourceNode.isTextual()) {
                throw new EventParseException("field 'source' must be a string, got " + describe(sourceNode.getNodeType()));
            }
            source = sourceNode.asText();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = MAPPER.convertValue(payloadNode, LinkedHashMap.class);
        return new EventEnvelope(source, key, eventTime, payload);
    }

    /** The envelope's JSON; {@code event_time} is written as an ISO-8601 instant. */
    public byte[] serialize(EventEnvelope event) {
        ObjectNode node = MAPPER.createObjectNode();
        if (event.getSource() != null) node.put("source", event.getSource());
        node.put("key", event.getKey());
        node.put("event_time", Instant.ofEpochMilli(event.getEventTimeMillis()).toString());
        node.set("payload", MAPPER.valueToTree(event.getPayload()));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload of event " + event.getKey() + " is not serializable as JSON", e);
        }
    }

    private static void requireUtf8(byte[] value) throws EventParseException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new EventParseException("binary data: the record is not UTF-8 text (" + e.getMessage() + ")", e);
        }
        for (byte b : value) {
            // JSON forbids raw control characters outside strings; NUL anywhere means binary.
            if (b == 0) throw new EventParseException("binary data: the record contains NUL bytes");
        }
    }

    private static String requiredText(JsonNode root, String field) throws EventParseException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) throw new EventParseException("missing required field '" + field + "'");
        if (!node.isTextual()) {
            throw new EventParseException("field '" + field + "' must be a string, got " + describe(node.getNodeType()));
        }
        if (node.asText().isEmpty()) throw new EventParseException("field '" + field + "' must not be empty");
        return node.asText();
    }

    private static long eventTime(JsonNode root) throws EventParseException {
        JsonNode node = root.get("event_time");
        if (node == null || node.isNull()) throw new EventParseException("missing required field 'event_time'");
        if (node.isIntegralNumber() && node.canConvertToLong()) return node.asLong();
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText()).toEpochMilli();
            } catch (ArithmeticException e) {
                throw new EventParseException("field 'event_time' is out of range: '" + node.asText() + "'", e);
            } catch (DateTimeParseException e) {
                throw new EventParseException("field 'event_time' is not an ISO-8601 instant: '" + node.asText() + "'", e);
            }
        }
        throw new EventParseException("field 'event_time' must be an ISO-8601 instant or epoch milliseconds, got "
                + describe(node.getNodeType()));
    }

    private static String describe(JsonNodeType type) {
        return switch (type) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL -> "null";
            default -> type.name().toLowerCase();
        };
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
