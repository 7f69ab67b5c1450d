package io.tributary.core.event;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event on a Tributary topic: the entity it is about ({@code key}), when it happened in event time, where it
 * came from, and its fields. JSON layout (the contract of every {@code events.*} topic):
 *
 * <pre>{"source": "flights", "key": "ORD", "event_time": "2001-01-01T06:05:00Z", "payload": {"delay": 12}}</pre>
 *
 * {@code event_time} is an ISO-8601 instant or epoch milliseconds; {@code source} is optional.
 */
public final class EventEnvelope {
    private String source;
    private String key;
    private long eventTimeMillis;
    // HashMap, not Map.copyOf: Flink's Kryo fallback must be able to rebuild it.
    private HashMap<String, Object> payload;

    /** For Flink's POJO serializer. */
    public EventEnvelope() {}

    public EventEnvelope(String source, String key, long eventTimeMillis, Map<String, Object> payload) {
        this.source = source;
        this.key = Objects.requireNonNull(key, "key");
        this.eventTimeMillis = eventTimeMillis;
        this.payload = new HashMap<>(Objects.requireNonNull(payload, "payload"));
    }

    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
    public long getEventTimeMillis() { return eventTimeMillis; }
    public void setEventTimeMillis(long eventTimeMillis) { this.eventTimeMillis = eventTimeMillis; }
    public HashMap<String, Object> getPayload() { return payload; }
    public void setPayload(HashMap<String, Object> payload) { this.payload = payload; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof EventEnvelope e)) return false;
        return eventTimeMillis == e.eventTimeMillis && Objects.equals(source, e.source)
                && Objects.equals(key, e.key) && Objects.equals(payload, e.payload);
    }

    @Override
    public int hashCode() { return Objects.hash(source, key, eventTimeMillis, payload); }

    @Override
    public String toString() {
        return "EventEnvelope{source=" + source + ", key=" + key + ", eventTime=" + eventTimeMillis + ", payload=" + payload + '}';
    }
}
