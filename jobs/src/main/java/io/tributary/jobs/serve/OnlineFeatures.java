package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.features.FeatureRegistry;
import io.tributary.core.features.FeatureStoreClient;
import io.tributary.core.features.FeatureValue;
import io.tributary.core.features.FeatureViewInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Online features in the shape of Feast's {@code get-online-features}: feature references {@code view:feature} and
 * entity columns in, one result column per entity key and feature out, each value with its status (PRESENT,
 * NOT_FOUND, OUTSIDE_MAX_AGE) and event timestamp (the window end of the stored row). Reads Redis through
 * {@link FeatureStoreClient}; views come from the feature registry, re-read when a request names an unknown one.
 */
final class OnlineFeatures implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REGISTRY_REREAD_MS = 1_000;

    private final ServeSettings settings;
    private Map<String, FeatureViewInfo> views = Map.of();
    private FeatureStoreClient client;
    private long readAt;

    OnlineFeatures(ServeSettings settings) { this.settings = settings; }

    /** Answers a get-online-features request body; blocks on Redis (call it off any event loop). */
    synchronized ObjectNode get(JsonNode body) {
        if (body == null || !body.isObject()) throw ServeException.invalid("the request body must be a JSON object with \"features\" and \"entities\"");
        List<String> refs = new ArrayList<>();
        JsonNode features = body.get("features");
        if (features == null || !features.isArray() || features.isEmpty()) {
            throw ServeException.invalid("\"features\" must be a non-empty array of references \"view:feature\"");
        }
        for (JsonNode f : features) refs.add(f.asText());
        JsonNode entities = body.get("entities");
        if (entities == null || !entities.isObject() || entities.isEmpty()) {
            throw ServeException.invalid("\"entities\" must be an object of entity key to a list of values, e.g. {\"user\": [\"u1\", \"u2\"]}");
        }
        Map<String, List<String>> columns = new LinkedHashMap<>();
        int rows = -1;
        for (var it = entities.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isArray()) throw ServeException.invalid("entity '" + e.getKey() + "' must be a list of values");
            List<String> values = new ArrayList<>();
            for (JsonNode v : e.getValue()) {
                if (!v.isValueNode() || v.isNull()) throw ServeException.invalid("entity '" + e.getKey() + "' holds " + v + "; values are strings or numbers");
                values.add(v.asText());
            }
            if (rows >= 0 && values.size() != rows) {
                throw ServeException.invalid("entity '" + e.getKey() + "' has " + values.size() + " values but the others have " + rows);
            }
            rows = values.size();
            columns.put(e.getKey(), values);
        }
        for (String ref : refs) check(ref, columns.keySet());
        List<Map<String, String>> entityRows = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Map<String, String> row = new HashMap<>();
            for (var c : columns.entrySet()) row.put(c.getKey(), c.getValue().get(i));
            entityRows.add(row);
        }
        List<Map<String, FeatureValue>> values;
        try {
            values = client.getOnlineFeatures(refs, entityRows, Instant.now());
        } catch (IllegalStateException e) {
            throw new ServeException(ServeException.Kind.UNAVAILABLE, e.getMessage());
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode names = out.putObject("metadata").putArray("feature_names");
        ArrayNode results = out.putArray("results");
        for (var c : columns.entrySet()) {
            names.add(c.getKey());
            ObjectNode col = results.addObject();
            ArrayNode v = col.putArray("values"), s = col.putArray("statuses"), t = col.putArray("event_timestamps");
            for (String value : c.getValue()) {
                v.add(value);
                s.add("PRESENT");
                t.add(Instant.EPOCH.toString());
            }
        }
        for (String ref : refs) {
            names.add(ref);
            FeatureViewInfo view = views.get(ref.substring(0, ref.indexOf(':')));
            String type = view.feature(ref.substring(ref.indexOf(':') + 1)).type();
            ObjectNode col = results.addObject();
            ArrayNode v = col.putArray("values"), s = col.putArray("statuses"), t = col.putArray("event_timestamps");
            for (Map<String, FeatureValue> row : values) {
                FeatureValue fv = row.get(ref);
                addTyped(v, fv.value(), type);
                s.add(fv.status().name());
                t.add(Instant.ofEpochMilli(Math.max(0, fv.windowEnd())).toString());
            }
        }
        return out;
    }

    private void check(String ref, java.util.Set<String> entityKeys) {
        int colon = ref.indexOf(':');
        if (colon <= 0 || colon == ref.length() - 1) throw ServeException.invalid("a feature reference looks like 'view:feature', got '" + ref + "'");
        String viewName = ref.substring(0, colon);
        if (!views.containsKey(viewName) && System.currentTimeMillis() - readAt > REGISTRY_REREAD_MS) reload();
        FeatureViewInfo view = views.get(viewName);
        if (view == null) throw ServeException.notFound("no feature view '" + viewName + "' is registered; views are " + views.keySet());
        try {
            view.feature(ref.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw ServeException.notFound(e.getMessage());
        }
        for (String k : view.entityKeys()) {
            if (!entityKeys.contains(k)) throw ServeException.invalid("view " + viewName + " needs entity key '" + k + "'; the request has " + entityKeys);
        }
    }

    private void reload() {
        Map<String, FeatureViewInfo> fresh = new LinkedHashMap<>();
        for (FeatureViewInfo v : new FeatureRegistry(settings.bootstrapServers()).current()) fresh.put(v.name(), v);
        readAt = System.currentTimeMillis();
        if (client != null && fresh.equals(views)) return;
        if (client != null) client.close();
        client = new FeatureStoreClient(settings.redisUri(), settings.namespace(), List.copyOf(fresh.values()));
        views = fresh;
    }

    private static void addTyped(ArrayNode into, String value, String type) {
        if (value == null) {
            into.addNull();
            return;
        }
        try {
            switch (type) {
                case "LONG", "BIGINT", "INT" -> into.add(Long.parseLong(value));
                case "DOUBLE", "FLOAT" -> into.add(Double.parseDouble(value));
                default -> into.add(value);
            }
        } catch (NumberFormatException e) {
            into.add(value);
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) client.close();
    }
}
