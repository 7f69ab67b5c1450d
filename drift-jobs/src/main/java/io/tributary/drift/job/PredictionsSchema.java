package io.tributary.drift.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.event.EventParseException;
import io.tributary.core.event.PredictionJson;
import io.tributary.core.kafka.RecordParser;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serving predictions (decision = true) of {@code predictions.<model>}; shadow rows are skipped, malformed ones
 * dead-lettered. A prediction without a score (a model that is not a binary classifier) has score NaN: its inputs are
 * profiled, its score and errors are not.
 */
final class PredictionsSchema implements RecordParser<DriftRecords.Served> {
    private static final long serialVersionUID = 1L;

    @Override
    public DriftRecords.Served parse(String topic, byte[] key, byte[] value) throws EventParseException {
        JsonNode n = PredictionJson.parse(value);
        if (!n.get("decision").asBoolean()) return null;
        Map<String, Double> inputs = new LinkedHashMap<>();
        n.path("inputs").fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
        return new DriftRecords.Served(n.get("key").asText(), n.get("model").asText(), n.get("version").asInt(),
                n.get("event_time").asLong(), PredictionJson.hasScore(n) ? n.get("score").asDouble() : Double.NaN, inputs);
    }
}
