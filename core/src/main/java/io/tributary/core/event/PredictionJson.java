package io.tributary.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The contract of a {@code predictions.<model>} record, checked by every reader of predictions (A/B, drift): a JSON
 * object with {@code key} (string), {@code event_time} (epoch ms, not negative), {@code model} (string),
 * {@code version} (integer), {@code variant} (string), {@code decision} (boolean), {@code score} (a number in
 * [0, 1]) and optionally {@code inputs} (an object of numbers or nulls). A record that breaks it is a dead letter.
 */
public final class PredictionJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictionJson() {}

    /** The prediction's JSON, checked; the exception names the first problem. */
    public static JsonNode parse(byte[] value) throws EventParseException {
        if (value == null) throw new EventParseException("empty record: value is null (a tombstone is not a prediction)");
        JsonNode n;
        try {
            n = JSON.readTree(value);
        } catch (IOException e) {
            throw new EventParseException("invalid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (n == null || !n.isObject()) throw new EventParseException("a prediction must be a JSON object");
        text(n, "key");
        text(n, "model");
        text(n, "variant");
        JsonNode t = n.get("event_time");
        if (t == null || !t.isIntegralNumber() || !t.canConvertToLong() || t.asLong() < 0) {
            throw new EventParseException("field 'event_time' must be epoch milliseconds (a non-negative integer)");
        }
        JsonNode v = n.get("version");
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) throw new EventParseException("field 'version' must be an integer");
        JsonNode d = n.get("decision");
        if (d == null || !d.isBoolean()) throw new EventParseException("field 'decision' must be a boolean");
        JsonNode s = n.get("score");
        if (s == null || !s.isNumber() || !(s.asDouble() >= 0 && s.asDouble() <= 1)) {
            throw new EventParseException("field 'score' must be a number in [0, 1], got " + (s == null ? "nothing" : s.toString()));
        }
        JsonNode inputs = n.get("inputs");
        if (inputs != null && !inputs.isNull()) {
            if (!inputs.isObject()) throw new EventParseException("field 'inputs' must be an object");
            for (var it = inputs.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isNumber() && !e.getValue().isNull()) {
                    throw new EventParseException("input '" + e.getKey() + "' must be a number or null");
                }
            }
        }
        return n;
    }

    private static void text(JsonNode n, String field) throws EventParseException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) throw new EventParseException("field '" + field + "' must be a non-empty string");
    }
}
