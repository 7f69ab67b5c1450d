package io.tributary.drift.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Serving predictions (decision = true) of {@code predictions.<model>}; shadow rows and unreadable records are skipped. */
final class PredictionsSchema implements DeserializationSchema<DriftRecords.Served> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public DriftRecords.Served deserialize(byte[] message) { throw new UnsupportedOperationException("uses the collector variant"); }

    @Override
    public void deserialize(byte[] message, Collector<DriftRecords.Served> out) {
        try {
            JsonNode n = JSON.readTree(message);
            if (!n.path("decision").asBoolean(false)) return;
            Map<String, Double> inputs = new LinkedHashMap<>();
            n.path("inputs").fields().forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
            out.collect(new DriftRecords.Served(n.get("key").asText(), n.get("model").asText(), n.get("version").asInt(),
                    n.get("event_time").asLong(), n.get("score").asDouble(), inputs));
        } catch (IOException | NullPointerException unreadable) {
            org.slf4j.LoggerFactory.getLogger(PredictionsSchema.class).warn("skipping an unreadable prediction", unreadable);
        }
    }

    @Override
    public boolean isEndOfStream(DriftRecords.Served next) { return false; }

    @Override
    public TypeInformation<DriftRecords.Served> getProducedType() { return TypeInformation.of(DriftRecords.Served.class); }
}
