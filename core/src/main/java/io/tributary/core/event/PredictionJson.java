package io.tributary.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The contract of a {@code predictions.<model>} record, checked by every reader of predictions (A/B, drift): a JSON
 * object with {@code key} (string), {@code event_time} (epoch ms, not negative), {@code model} (string),
 * {@code version} (integer), {@code variant} (string), {@code decision} (boolean), {@code score} (a number in
 * [0, 1]; a binary classifier's probability of the positive class), optionally {@code inputs} (an object of numbers
 * or nulls) and optionally {@code outputs} (the model's outputs by name: a number, null, or an array of numbers or
 * nulls each). A model without a score (regression, multi-class, label-only) writes no {@code score} (or null), and
 * then must write its {@code outputs}. A record that breaks it is a dead letter.
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
        JsonNode outputs = n.get("outputs");
        boolean hasOutputs = outputs != null && !outputs.isNull();
        if (hasOutputs) outputs(outputs);
        JsonNode s = n.get("score");
        if (s == null || s.isNull()) {
            if (!hasOutputs || outputs.isEmpty()) {
                throw new EventParseException("field 'score' must be a number in [0, 1], got nothing (a prediction without "
                        + "a score must carry its 'outputs')");
            }
        } else if (!s.isNumber() || !(s.asDouble() >= 0 && s.asDouble() <= 1)) {
            throw new EventParseException("field 'score' must be a number in [0, 1], got " + s);
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

    /** Whether a prediction has a score (binary classifiers); readers that need one skip the others. */
    public static boolean hasScore(JsonNode prediction) {
        JsonNode s = prediction.get("score");
        return s != null && s.isNumber();
    }

    private static void outputs(JsonNode outputs) throws EventParseException {
        if (!outputs.isObject()) throw new EventParseException("field 'outputs' must be an object");
        for (var it = outputs.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            boolean ok = v.isNumber() || v.isNull();
            if (v.isArray()) {
                ok = true;
                for (JsonNode x : v) ok &= x.isNumber() || x.isNull();
            }
            if (!ok) throw new EventParseException("output '" + e.getKey() + "' must be a number, null or an array of numbers");
        }
    }

    private static void text(JsonNode n, String field) throws EventParseException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) throw new EventParseException("field '" + field + "' must be a non-empty string");
    }
}
