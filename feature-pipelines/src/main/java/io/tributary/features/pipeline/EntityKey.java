package io.tributary.features.pipeline;

import io.tributary.core.event.EventEnvelope;
import io.tributary.features.view.FeatureView;

import java.util.ArrayList;
import java.util.List;

/** Reads a view's entity key values from an event: payload fields, or the envelope's key for the name "key". */
public final class EntityKey {
    private EntityKey() {}

    /** The entity values, or throws naming the missing or invalid field. */
    public static List<String> values(FeatureView view, EventEnvelope e) {
        List<String> out = new ArrayList<>(view.entityKeys().size());
        for (String k : view.entityKeys()) {
            Object v = e.getPayload().get(k);
            if (v == null && k.equals("key")) v = e.getKey();
            if (v == null) throw new IllegalArgumentException("view " + view.name() + ": missing entity key field '" + k + "'");
            String s = String.valueOf(v);
            if (s.isEmpty() || s.contains(FeatureView.KEY_SEPARATOR)) {
                throw new IllegalArgumentException("view " + view.name() + ": entity key field '" + k
                        + "' must be non-empty and must not contain '" + FeatureView.KEY_SEPARATOR + "', got '" + s + "'");
            }
            out.add(s);
        }
        return out;
    }

    /** The joined entity string used for keyed state and Redis keys. */
    public static String of(FeatureView view, EventEnvelope e) {
        if (view.entityKeys().isEmpty()) return FeatureView.GLOBAL_ENTITY;
        return String.join(FeatureView.KEY_SEPARATOR, values(view, e));
    }
}
